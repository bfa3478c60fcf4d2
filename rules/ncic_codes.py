"""NCIC code tables the reader needs, quoted from the FBI code set as NIEM publishes it.

Source for every row: ../shared/ncic-reference.md §1.2(d) and §2.4 (NIEM/NIEM-Releases,
niem-ncic-5.0.1-codes.xlsx, sheet "ncic", OFFCodeSimpleType). Descriptions keep the source's
spelling. `points` says what the code means for the civil/criminal question.
"""

from __future__ import annotations

# code: (description as printed, points, meaning)
OFFENSE_CODES: dict[str, tuple[str, str, str]] = {
    "0301": ("ILLEGAL ENTRY", "criminal", "illegal entry, a federal crime (8 U.S.C. 1325)"),
    "0302": ("FALSE CITIZENSHIP", "criminal", "false claim of citizenship, a crime"),
    "0303": ("SMUGGLING ALIENS", "criminal", "alien smuggling, a federal crime (8 U.S.C. 1324)"),
    "0399": ("IMMIGRATION", "ambiguous", "generic immigration code; also the default on civil status queries"),
    "8003": (
        "SUBJECT IS A DEPORTED CRIMINAL/AGGRAVATED FELON",
        "criminal",
        "deported felon: being found here after removal is a federal crime (8 U.S.C. 1326); confirm a criminal charge exists",
    ),
    "8004": (
        "ALIEN UNLAWFULLY PRESENT DUE TO ORDER OF REMOVAL OR EXCLUSION FROM THE USA",
        "civil",
        "immigration absconder: an administrative removal order, civil",
    ),
    "8005": (
        "SOUGHT FOR VIOLATION OF NATIONAL SECURITY REGISTRATION",
        "ambiguous",
        "NSEERS registration violation: sources disagree whether it is civil or criminal",
    ),
    "6411": ("HUMAN TRAFFICKING", "criminal", "human trafficking, a crime"),
    "6407": ("SEXUAL EXPLOITATION OF MINOR-PROSTITUTION", "criminal", "sexual exploitation of a minor, a crime"),
    "6409": ("ENTICEMENT OF MINOR FOR PROSTITUTION", "criminal", "enticement of a minor, a crime"),
    "6300": ("MONEY LAUNDERING", "criminal", "money laundering, a crime"),
    "1601": ("THREAT - FEDERAL PROTECTEES", "criminal", "threat against federal protectees, a crime"),
    "1602": ("THREAT - TERRORISTIC - STATE OFFENSES", "criminal", "terroristic threat, a crime"),
    "1603": (
        "ASSIST, SPONSOR, OR PROVIDE MATERIAL OR FINANCIAL SUPPORT TO TERRORISTS OR TERROR ORGANAIZATIONS.",
        "criminal",
        "material support to terrorists, a crime",
    ),
    "0103": ("ESPIONAGE", "criminal", "espionage, a crime"),
    "0104": ("SABOTAGE", "criminal", "sabotage, a crime"),
    "5801": ("SMUGGLE CONTRABAND", "criminal", "smuggling contraband, a customs crime"),
    "5802": ("SMUGGLE CONTRABAND INTO PRISON", "criminal", "smuggling contraband into prison, a crime"),
    "5803": ("SMUGGLE TO AVOID PAYING DUTY", "criminal", "smuggling to avoid duty, a customs crime"),
    "5899": ("SMUGGLING", "criminal", "smuggling, a crime"),
    "3510": ("HEROIN - SELL", "criminal", "selling heroin, a crime"),
    "3511": ("HEROIN - SMUGGL", "criminal", "heroin smuggling, drug trafficking"),
    "3521": ("OPIUM OR DERIV - SMUGGL", "criminal", "opium smuggling, drug trafficking"),
    "3530": ("COCAINE - SELL", "criminal", "selling cocaine, a crime"),
    "3531": ("COCAINE - SMUGGL", "criminal", "cocaine smuggling, drug trafficking"),
    "3541": ("SYNTH NARCOTIC - SMUGGL", "criminal", "synthetic narcotic smuggling, drug trafficking"),
    "3560": ("MARIJUANA - SELL", "criminal", "selling marijuana, a crime"),
    "3561": ("MARIJUANA - SMUGGL", "criminal", "marijuana smuggling, drug trafficking"),
    "3571": ("AMPHETAMINE - SELL", "criminal", "selling amphetamine, a crime"),
    "3599": ("DANGEROUS DRUGS", "criminal", "dangerous drugs, a crime"),
    "5217": ("WEAPON TRAFFICKING", "criminal", "weapon trafficking, a crime"),
    "4902": ("FLIGHT TO AVOID SEE MIS", "criminal", "flight to avoid prosecution: a criminal fugitive, not an 'immigration fugitive'"),
    "4904": ("HARBORING ESCAPE/FUGITIVE", "criminal", "harboring a fugitive, a crime"),
    "5011": ("PAROLE VIOLATION - SEE MIS", "criminal", "parole violation, criminal supervision"),
    "5012": ("PROB VIOLATION - SEE MIS", "criminal", "probation violation, criminal supervision"),
    "5015": ("FAILURE TO APPEAR - SEE MIS", "criminal", "failure to appear in a criminal case"),
    "8101": (
        "ABSCOND WHILE ON PAROLE",
        "criminal",
        "absconding from parole: criminal supervision, not an immigration absconder",
    ),
    "8102": (
        "ABSCOND WHILE ON PROBATION",
        "criminal",
        "absconding from probation: criminal supervision, not an immigration absconder",
    ),
}

# Known NCIC field codes (ncic-reference.md §2.2); only these start a FIELD/VALUE record, so
# words such as REMOVAL/DEPORTATION are never mistaken for fields.
FIELD_CODES = frozenset(
    """MKE ORI NAM SEX RAC POB DOB HGT WGT EYE HAI FBI SID SOC OLN MNU SMT MIS OFF OCA NIC DOW WNO
    EXL CUS PUR ARN CTZ DTE HIT DIS DOL PAR ECR CAU ENT RPS DOC LIC LIS VIN FILE""".lower().split()
)
