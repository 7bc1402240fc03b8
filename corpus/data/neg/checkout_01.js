// storefront checkout, version 3.0.5
const stripe = Stripe('pk_live_m1rvJLmTq7H1UtBUbWklu32vmbUMBqMk3sFwVdnerxs0YSq2JYjH4qSlCqqDH8ZNyketE83oLx9yPQgV5JD9PEO7oQrtT5Ghzis');
const logo = '/img/logo@2x.png';
const retina = ['/img/cart@2x.png', '/img/cart@3x.png'];
document.querySelector('#pay').addEventListener('click', () => stripe.redirectToCheckout({ sessionId }));
