'use strict';

const stripe = require('stripe')('sk_live_YSgctKGHVno9xmbeDtL4VxZA');

module.exports = {
  db: {
    host: 'mongo-0.globex.local',
    user: 'api',
    password: 'kWd4^AySf9^9B',
  },
  github: { token: 'ghu_8iqyQ0XUBAVgRS7F3H7iTHJ2d59P4T1wkO7q' },
  google: { apiKey: 'AIzanSa6lF2nc-EDUJkgJHIfiA6xVk2ZrA6pq1m' },
  adminEmail: 'records@northwind-traders.com',
  stripe,
};
