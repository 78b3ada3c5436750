"""The Dortmund demo data, taken from the city's press release of April 2017."""
