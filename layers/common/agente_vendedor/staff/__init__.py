"""Staff accounts (contract §2): roles and what each reaches, passwords, login with throttling, and who a token is."""
