import { addressKeyOf, emailKeyOf } from '../../../src/public-comments/sender-keys';

describe('what the limits count one sender as', () => {
  test('when addresses are tagged, cased or dotted for Gmail then they count as one mailbox', () => {
    expect(emailKeyOf(' Victim+1@Example.vn ')).toBe('victim@example.vn');
    expect(emailKeyOf('victim+abc@example.vn')).toBe('victim@example.vn');
    expect(emailKeyOf('n.g.u.y.e.n+x@googlemail.com')).toBe('nguyen@gmail.com');
    // Dots matter elsewhere.
    expect(emailKeyOf('an.nguyen@example.vn')).toBe('an.nguyen@example.vn');
  });

  test('when an IPv6 client changes the end of its address then it is still one client; IPv4 stays itself', () => {
    expect(addressKeyOf('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(addressKeyOf('2001:0db8:0001:0002:ffff:1:2:3')).toBe('2001:db8:1:2::/64');
    expect(addressKeyOf('2001:db8::5')).toBe('2001:db8:0:0::/64');
    expect(addressKeyOf('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(addressKeyOf('203.0.113.7')).toBe('203.0.113.7');
  });
});
