"""The scripted-session protocol: the dialog driven by lines of text, and its clock."""
