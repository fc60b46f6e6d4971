// Session errors: written with the sessions.
