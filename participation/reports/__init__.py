"""The council report (Ratsbericht): what the participation brought and what became of it."""
