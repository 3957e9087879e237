# := leaves unknown references in place; they expand later when defined.
A := "${U}-x"
U = "u"
