'use strict';

const stripe = require('stripe')('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');

module.exports = {
  db: {
    host: 'mq.initech.com',
    user: 'api',
    password: 'eZbA5Sg^bh9wEN',
  },
  github: { token: 'ghs_wFYozRR3xxjfsBvx1MsxuP4f3HHhis1w0Hoi' },
  google: { apiKey: 'AIzai_FV0qWSDB1BrPQStWikuaM3_rrKJ1KpXTq' },
  aws: { accessKeyId: 'AKIALFGRIBDPUH6MZHYS', secretAccessKey: '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' },
  adminEmail: 'support@northwind-traders.com',
  stripe,
};
