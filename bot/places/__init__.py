"""places: the country and region someone works in, named in any of our languages."""
