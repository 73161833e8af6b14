"""referral"""
