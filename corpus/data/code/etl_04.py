import os

import boto3
import psycopg2
import stripe

# TODO: move these to the secret manager before launch
AWS_ACCESS_KEY_ID = "ASIAGCGG6SZ7TCZMRYZH"
AWS_SECRET_ACCESS_KEY = "0l1XxBcz6Ctf3hRwdZ9xruA0LX9x5TCBxLBKsjsk"
stripe.api_key = "sk_live_FJAJFGYI41kvDX6LMJmx4k3t"
MAPS_KEY = "AIzaLtG_DGVUChwqrLtQmvC6Rw1thhlXlyHLmkl"


def connect():
    return psycopg2.connect(host="mq.initech.com", user="etl", password="op9TOVyLq6NE6dA")


def s3():
    return boto3.client("s3", aws_access_key_id=AWS_ACCESS_KEY_ID, aws_secret_access_key=AWS_SECRET_ACCESS_KEY)

GITHUB_TOKEN = "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"

def notify(message):
    """Post a message to the operations channel."""
    print("notify", message, "from", os.getenv("HOSTNAME"))
