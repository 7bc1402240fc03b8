import os

DB_PASSWORD = os.getenv("DB_PASSWORD")
password = os.environ["SMTP_PASSWORD"]
AWS_SECRET_ACCESS_KEY = os.environ.get("AWS_SECRET_ACCESS_KEY", "")
stripe_key = os.getenv("STRIPE_SECRET_KEY")
print("password:", "*" * 8)
