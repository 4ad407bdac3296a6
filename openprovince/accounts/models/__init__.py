"""Accounts: people, how they sign in, what they may do, whom they act for, what they agreed to."""

from .businesses import Business, BusinessMember
from .consent import Consent, ConsentPurpose
from .roles import Role, RoleAssignment
from .signin import ApiToken, PhoneCode, RecoveryCode, SignInAttempt, TotpDevice
from .user import User

__all__ = [
    "ApiToken",
    "Business",
    "BusinessMember",
    "Consent",
    "ConsentPurpose",
    "PhoneCode",
    "RecoveryCode",
    "Role",
    "RoleAssignment",
    "SignInAttempt",
    "TotpDevice",
    "User",
]
