#!/usr/bin/env python3
"""Seeds fuzz/corpus/victims_csv with flat HTCDS rows (not committed).
Run from crates/lintas-model/fuzz: python3 seed_corpus.py"""
import hashlib
import os

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus/victims_csv")

SEEDS = [
    "external_ref,prs_FirstName,prs_Citizenship,vic_TypeOfExploitation,vic_ForcedCriminalityIndicators,hte_Type,hte_Country,hte_Date,sharing_level\n"
    "BD-001,Min,MM;TH,ForcedCriminality,Means_DocumentsOrPhoneConfiscated;Purpose_ForcedOnlineScams,Exploitation,MMR,2024-02,\n",
    ",cas_CaseOwner,prs_FirstName,vic_TraffickinStatusDecisionMakingOrg,vic_TraffickingStatus,cas_Status,\n"
    ",Case Owner,First Name,Trafficking Status Decision Making Organization,Trafficking Status,Status,Reason for Outgoing Referral\n"
    "1,Siti,Ayu,NGO,Actual victim of trafficking,Follow Up,Other\n",
    "prs_Birthdate,hte_Latitude,hte_Longitude,prs_MobilePhone,con_Consent,sharing_level,sharing_states\n"
    "2001-03,-6.2,106.8,+62 812 3456 7890,TRUE,bilateral,THA;MYS\n",
]


def main():
    os.makedirs(OUT, exist_ok=True)
    for s in SEEDS:
        b = s.encode()
        with open(os.path.join(OUT, hashlib.sha1(b).hexdigest()[:16]), "wb") as f:
            f.write(b)
    print(len(os.listdir(OUT)), "files in", OUT)


if __name__ == "__main__":
    main()
