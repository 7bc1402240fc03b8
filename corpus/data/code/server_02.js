'use strict';

const stripe = require('stripe')('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');

module.exports = {
  db: {
    host: 'cache.umbrella.internal',
    user: 'api',
    password: 'IJ82ZH7NlkTF_DwY',
  },
  github: { token: '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' },
  google: { apiKey: 'AIza45sZj83FXmAAmNYGiSqBwlj3mGFMDpKXW6f' },
  adminEmail: 'billing@northwind-traders.com',
  stripe,
};
