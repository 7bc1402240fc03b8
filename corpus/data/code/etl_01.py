import os

import boto3
import psycopg2
import stripe

# TODO: move these to the secret manager before launch
AWS_ACCESS_KEY_ID = "AKIAZHKGC5XHI7WCGG46"
AWS_SECRET_ACCESS_KEY = "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"
stripe.api_key = "sk_live_73EGkavtsY9EhLINknkjdrZt"
SLACK_TOKEN = "xoxp-79297816151-89751103054-5660904332757-46a5bd826aa1f9c38a878ff994ab1bc1"
MAPS_KEY = "AIzaFExHcryTM4wUh24rnJtXzdBu7KGiINY9egO"


def connect():
    return psycopg2.connect(host="db.prod.acme.internal", user="etl", password="mvCHcO21xjHdm")


def s3():
    return boto3.client("s3", aws_access_key_id=AWS_ACCESS_KEY_ID, aws_secret_access_key=AWS_SECRET_ACCESS_KEY)


SIGNING_KEY = """
-----BEGIN RSA PRIVATE KEY-----
MIICXAIBAAKBgQDH3wjxSH5KjsNu0wUr7CTFVqQQFYMNyox3bHg/fFOfP+x1LpP9
qzOJvDG1lta72lPbG/AHU5xpOoWw3ajSj0JlvTutAyZ6zkS7gGatc0tA6IjOISoC
IroB059YVbLLzKRdX22DaifrtYH/Js57IRgbpifHOV28pONDtjmW//aVDQIDAQAB
AoGAL7dhjSj/bZFTuvuJ+ohv5uTeWjCojvxSOJiexJlL5XL/YqJyFldvAGz7eRy/
uy1OY7rxvO4LI1wjWqwwh8RH11IE/jfz0UaY/8UNcn01AlYlNJpyh3QiGvXHHjfC
Our0CsJcKX25YG9Rkk5Kz9GsUPmSZSg0il5MG6robl/t4gECQQDuS0PM+v99LG2k
UbxjZPxyI3JUWrC1AYttQWAitxHwfWBiygT/wSkdOEJDSYCoW11Lx/2nTWAbbm7K
MkXyMJTNAkEA1rjoOxPu28ZbcHcfB1WA+6fXb+NIBqWpOOEgobbMVGW5kZ20P53u
I6B2b6h7bdaE/Vmfk2kZgSL9Ucx1NTwBQQJBANQQURdTbBkmd7CbOM8vqOWem/lr
+AQtirpBSt+6EhH2Ude4tzgv23nwfi/JcuDg5icxpI/F8TiYT6pLkSnWiCUCQGXc
nj64fA3CkcpOmGewRlocC3XGynpsyFR1aDePMmuvPlM4DzRGxZwdGVJrCPLYW4qc
o7kYmMLMSIQvjELOzoECQH6jy25xuKL1X/gg9ZK3+Vli8+HuPFu1VtHoeV+Ym+Ac
7bPXAGgctrPvRhcxQAePLjgOOlgi/0+yVE2St2XiLsE=
-----END RSA PRIVATE KEY-----"""

def notify(message):
    """Post a message to the operations channel."""
    print("notify", message, "from", os.getenv("HOSTNAME"))
