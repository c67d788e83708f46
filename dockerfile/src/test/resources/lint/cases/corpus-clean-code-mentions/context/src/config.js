module.exports = {
  password: process.env.DB_PASSWORD,
  apiKey: process.env.API_KEY || "",
  token: getToken(),
};
