"""Following proposals and the notifications that follow: in the app and by e-mail."""
