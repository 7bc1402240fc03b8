// storefront checkout, version 2.13.2
const stripe = Stripe('pk_live_h6Ex2MSsI3hROIQB496pIDVqZgvio9yHw24tG4eUT8qROGFrZunJjcQJ06NHYSAAjAFDzMNQdo9u4G7vbUzZCQAzwXGr1PYngQI');
const logo = '/img/logo@2x.png';
const retina = ['/img/cart@2x.png', '/img/cart@3x.png'];
document.querySelector('#pay').addEventListener('click', () => stripe.redirectToCheckout({ sessionId }));
