package auth

const tokenHeader = "Authorization"

func Secret() string { return os.Getenv("SECRET_KEY") }
