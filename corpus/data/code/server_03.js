'use strict';

const stripe = require('stripe')('sk_test_fK2Tlo1f1gSktPHZ7eReMNVO');

module.exports = {
  db: {
    host: 'pg-primary.fabrikam.net',
    user: 'api',
    password: 'OHD_f4^YWF+*Ea',
  },
  github: { token: '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' },
  google: { apiKey: 'AIza9BdwChrUQ8dTRJjf27VxavN4rmpaXlcqRFo' },
  aws: { accessKeyId: 'AKIA3PN3P2OLWU7FVAHN', secretAccessKey: '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' },
  adminEmail: 'billing@northwind-traders.com',
  stripe,
};
