import os

import boto3
import psycopg2
import stripe

# TODO: move these to the secret manager before launch
AWS_ACCESS_KEY_ID = "AKIA2KMSHC6A3SMH5J7Q"
AWS_SECRET_ACCESS_KEY = "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"
stripe.api_key = "sk_live_deBRtaPHk1FptrhHgHbXYh6t"
MAPS_KEY = "AIzaLCv9zmeN3-6jy8z4iLMhwHv5T1wLs8KvJR2"


def connect():
    return psycopg2.connect(host="orders-db.northwind.lan", user="etl", password="wWVYgeZX!s~9Xjut")


def s3():
    return boto3.client("s3", aws_access_key_id=AWS_ACCESS_KEY_ID, aws_secret_access_key=AWS_SECRET_ACCESS_KEY)

GITHUB_TOKEN = "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"

def notify(message):
    """Post a message to the operations channel."""
    print("notify", message, "from", os.getenv("HOSTNAME"))
