"""One search over every masterplan: proposals, fields of action, drafts and projects."""
