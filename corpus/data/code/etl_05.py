import os

import boto3
import psycopg2
import stripe

# TODO: move these to the secret manager before launch
AWS_ACCESS_KEY_ID = "AKIAN6GDMKIHFPELU5A3"
AWS_SECRET_ACCESS_KEY = "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"
stripe.api_key = "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"
SLACK_TOKEN = "xoxb-32013503331-8823997341389-YKCMjcZDlH2iVvJTJ7pK0qNd"
MAPS_KEY = "AIzartfG8b0-Y4o6zTxUeXtC9GrISVqqzjTMvpS"


def connect():
    return psycopg2.connect(host="orders-db.northwind.lan", user="etl", password="SLodYpa*KvAXq0R")


def s3():
    return boto3.client("s3", aws_access_key_id=AWS_ACCESS_KEY_ID, aws_secret_access_key=AWS_SECRET_ACCESS_KEY)


SIGNING_KEY = """
-----BEGIN RSA PRIVATE KEY-----
MIIEowIBAAKCAQEAw1D2eOdoBlM0g+spCCyYacS6JLVqQvFlLZHFMOnFrdtCqJsl
7+vUqye1zwm3ogWkYWikKbr8Gg6WOHiy7TH7+e+vEzVYxVzLtoPIoZxF1JUUpcXc
HXx0ta6cMKtBtbfzdZlZd4sp6ltwTeObbztw0yGutgk6sno6XDg6iUWQWOTXv416
SHXITeIS3AaF8rb/ubM/IV+ouPSZEaa3yMtMOK9hDCukL8qBEwpxsPvbUpnoYDn9
0KByUbFFb7lkSRq88PqWNuImXlmImQ3BAkKVklXJRPtVfH+rBCq78f1WKFYuWZUc
DQeunPiT5RI76eFJJkrqVpnBgLfh5MGCkNihXQIDAQABAoIBAAzaki3oxL7N0QHx
gvTHwowLZ1itG74mFsuF8V1DtT+40003UKrWcVuGNH/Ymt4t0uCaO1uHs7mfRiGX
R+c2R+ft7y6rbxkl/z4WtCh2mV3hJce3GsJSA3hFcn/9dUiZP4t4uRuV6/9BX0Ww
+fS7C7TJXa8bMmK2ioqxJKEOE+7VmzIMFeEG9PndfzT3piyh5RrrfemBgHh7CPb4
x9eRpFFcLpT9A/THtZ2G3RLeJF6kJANEOnmMoloBlQJPLiRAVB2va9iRocHGBrpC
KLrbzODnK/IpJ4ht6UgmIPzIUP2EsD5dSxA1sq2Y8gMmyXA4BnkygBPs53ryyqNt
WPjx6kECgYEA3L8GBymyYX4bRmUFELh4yWh60lnc0QnZh8wuu1tP+R+sO7zXdZff
6SGHfKLqE8Sfr3gmuHApW8UF5PLMaVLpCIVHXZPOCL1c0T+kAI9HVW/IvCPk6Irg
INml42lkvBqRc7uob1AH4Qe1ljkLSM3svOHERYMNVQaxF5ss8yFKBu0CgYEA4oJD
bsfROzIo6LDEX21nPgtiCwVk7cPo04qS02RuVR2cwtQ/4r/StYw5BipPUSdDIZ1z
gGOp9imrI3of8Ju1ZIcH8wOAt4Nw54drl6vAzQ/4QZRoxQ1Q2f7eSVBthfEtn8j8
FO/DJgFPmPCnaWd8ukFDUYaBmNLswfb1WGVaxjECgYBzgTCyRssj4Ex9RRalbSEm
ohjCQGsepjzApcI+HsV14XDJwUIsMc/juLugJ867kULNGd2I3IeHkUxIRBNZeRye
bL6u5EwGnq8WfmpeMJpuxhMO/ukkFKa6CaiXmeov0ucQ27yCoim9Qb9uX2LcMYQS
QT/l73DmcJ3xcCzQ+zY08QKBgBx2N9j0vMLOc7uBcrt2+NEgBwrRe7QwuNHUCM0N
QpvpY6hLmVd5uRVc8FFpAZx17YaMzVWlsFahN8L2dor6Vdmy6fnMR+FHX+mH56og
R9K8nfpHlr6kBLPPxci6lXiOLKh2Tc6nrgLZiVHzc2XYPiD9UGMvHpvAbUWWLZAU
9EoRAoGBALHmm8RjP5ew6lszTixnu62K5hLqJ1CYoI+am2Tzn/XIgxURsAJXlzlp
51J9JNVdTOPOF6QhY7epQxBMjKOKxCX1INSUy+uRRYtuxq4Hq7DAF3opf7KMQz8i
gfoidZsjnYJQQUuBajiUbAbs1o/CD032ZIs2ewKf9x+CXIJCK7ul
-----END RSA PRIVATE KEY-----"""

def notify(message):
    """Post a message to the operations channel."""
    print("notify", message, "from", os.getenv("HOSTNAME"))
