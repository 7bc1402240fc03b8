// storefront checkout, version 1.10.2
const stripe = Stripe('pk_live_prLjMhNYa1YmTr3TS9FtlCClQh5TgZFs6hpHwzjdWvYAY8LtIOfDR7dP4sSc3xQZ8u2KO9UmQ7fgFifKWO5BQouIiFU0aEDqTDz');
const logo = '/img/logo@2x.png';
const retina = ['/img/cart@2x.png', '/img/cart@3x.png'];
document.querySelector('#pay').addEventListener('click', () => stripe.redirectToCheckout({ sessionId }));
