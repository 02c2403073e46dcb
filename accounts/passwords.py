"""Django's minimum-length validator with its message in Chinese (Django 5.2's zh_Hans catalogue lacks the
reworded message and shows it in English)."""

from django.contrib.auth import password_validation


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        return f"密码太短，至少需要 {self.min_length} 个字符。"

    def get_help_text(self):
        return f"密码至少需要 {self.min_length} 个字符。"
