"""Services: the only code that writes. One module per register, one function per user
action, one transaction per action, one journal event per write."""
