const config = {
  password: process.env.DB_PASSWORD,
  adminPassword: process.env.ADMIN_PASSWORD || 'changeme',
  awsSecretAccessKey: process.env.AWS_SECRET_ACCESS_KEY,
};
module.exports = config;
