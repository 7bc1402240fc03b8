import os

import boto3
import psycopg2
import stripe

# TODO: move these to the secret manager before launch
AWS_ACCESS_KEY_ID = "AKIAHX3Y2J4USWE4T3GV"
AWS_SECRET_ACCESS_KEY = "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"
stripe.api_key = "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"
SLACK_TOKEN = "xoxb-70784135317-1827628737655-uhZAVQDuN9IschNtnuCIbTur"
MAPS_KEY = "AIza3PrapCgjsa8xPpM8qKKlS_MPCVS_SHfGWUl"


def connect():
    return psycopg2.connect(host="mq.initech.com", user="etl", password="lrbUuoXM*5ykhQ*tf")


def s3():
    return boto3.client("s3", aws_access_key_id=AWS_ACCESS_KEY_ID, aws_secret_access_key=AWS_SECRET_ACCESS_KEY)


SIGNING_KEY = """
-----BEGIN RSA PRIVATE KEY-----
MIIEpAIBAAKCAQEA9KX9GZgEkC/4mWX8msmXSDwirEI8elJNBw0oVrHM30pvxwX3
XWrdHjekWaZ6VXA1V/1qCFAtdOPFCbYNEtwlW/2d1eS8hhu1s1FxsS83Vw4wCMS4
JYkRaqoO3ZxExMavlx2/PIL5L2Nvo4CZWaGN7CMyx3Ew+SII9Kv5eMyOHUtD8ptT
Juy2cFX8CDxqYuSU8x4b76XM/KwDSajza8DmCZKKcRcEhYFfB6tGSj/eQ0+1D9vf
mFaolZaY2rc3EvLf2p7uNXgUL9HZQ9ugARoWX1SieTbXWEgXpglDI1xD5CIyiIo9
JyCyUjpJNUPntCUAVFAs7+z0w4ivSmqkaU1rkQIDAQABAoIBAQDXR/GOwgzR7MSw
B+TfOKHdOL2yI58gbKfHmrZyg4cqvk/aLM/d7pmha4k+MpbX9COcyCy0IAnAIGZV
A1RB0mM1rdlkTSHwSRX9M5/+MPRbsOpn7OO2dAVVfUwTit2g4s3FBrIvx3kLUE7+
670F+Hnw35BhnKNht6d11pdyy14LO2Wc0ojM6mnqhaMx1YEQQnk2f+5fpLQ7nqcY
BGMiD4U+Ew3ZG0wZMh/dV459lsgNW1pCUA6IXvJ271ihe4epUkn0wWe0GkkV0L/u
h/p4aJacdfKlYZnGhz2IVvGY2Hd0mhnc6XSgrgOvBjMnmfuB9dHZDs6N1TMnj+Q6
MLyF6/+BAoGBAPwHhL7KOeSRwi/eG5DlV0KbfW+uysicM5vkCviCR5R/H//2nPgx
Bz5J/4pzqmcArZ8KXS4C486wzDOdx5hli3XKrFfjcGSJ+q8JsXAc0YkmF6J4fMAR
4J0dmIUTuLtfcj7IvrvRe96ckhir04Od3nqOL6o8RFKvVZ7TuFdKP155AoGBAPiA
s4c73KZTvBZsX6PwVIWb521sx5MZh8cQenr6AspEWn/XfM3ModyPOSLPaeBAiBxD
pil2fjYetArWaTfUZZRqQisem63D5MIpS/tHRP7yh9Zk6AMfBDZcIvYweoYkoxp9
HVPsJsPm54Hli1TBOezl5hgpaPkHEq/TPxP/J0/ZAoGBAIl5/HIqU5wX2kpMKNNI
FupRcQIL4be+ZPSDV2ypfCxHkAgK2SMVc3MJ4GgAohIfr5WSjLN9hhCIJkt9pJO/
yGwPiyVB/lwJXAJBElYqki3y5m+Ms9f9qH1r2He3A0zKSsJutIQ1SBFtbNAiYnVo
FyTZDK0axNYpqFXD/ck3ygtZAoGAXGQNW2QoPza2oWedj2gVJK+4NXjSIqDFWH+J
6hr12pnbQ9isMB+6tjQRvB19ccDMWiXUq2nAtwJnUfgxmm4/bhSrkTiKDOreLEoK
U9xFjLxDQLS3hiGMAWH0JbAUfbc1ZO3Lb55HM2KwBB2B1fsZPDileao7uwqkKfbS
Zu7ggNECgYAueTtFP+lQsqc1/CL9+ZBV2zLQ8HSzNHzfi10gy918UrBLQ6/iUUBt
Ko0Tme8pmy8DTO84YUqHFHg19G/A5BWwsTPgmL9sSlNlkijVoEtPG5vYMmc1o7xT
Gt1AZsnjYlUkk0Oo2EbAsWcSHDvirG1dhncwpLIwBgXarsnF3+hvMA==
-----END RSA PRIVATE KEY-----"""

def notify(message):
    """Post a message to the operations channel."""
    print("notify", message, "from", os.getenv("HOSTNAME"))
