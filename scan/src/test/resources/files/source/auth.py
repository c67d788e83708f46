import os

PASSWORD_MIN_LENGTH = 8
TOKEN_HEADER = "Authorization"


def db_password() -> str:
    return os.environ["DB_PASSWORD"]


def secret_key() -> str:
    return os.environ.get("SECRET_KEY", "")


def check_password(password: str) -> bool:
    return len(password) >= PASSWORD_MIN_LENGTH
