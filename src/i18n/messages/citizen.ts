/** Texts of a citizen's sign-in with an OpenID Connect provider (VNeID, a provincial SSO). */
export const vi = {
  'citizen.sign_in': 'Đăng nhập bằng {provider}',
  'citizen.sign_in.hint': 'Người đã đăng nhập gửi góp ý mà không cần xác nhận qua thư điện tử.',
  'citizen.signed_in_as': 'Đã đăng nhập: {name} ({email})',
  'citizen.sign_out': 'Đăng xuất',
  'citizen.flow_missing': 'Không tìm thấy phiên đăng nhập đang chờ: trình duyệt có thể đã chặn cookie, hoặc liên kết này được mở ở nơi khác. Vui lòng đăng nhập lại từ đầu.',
  'citizen.flow_expired': 'Phiên đăng nhập đã quá 10 phút. Vui lòng đăng nhập lại từ đầu.',
  'citizen.state_mismatch': 'Phản hồi đăng nhập không khớp với phiên đăng nhập của bạn (tham số state sai). Vì an toàn, yêu cầu đã bị từ chối. Vui lòng đăng nhập lại từ đầu.',
  'citizen.provider_refused': 'Dịch vụ định danh đã không cho đăng nhập ({error}). Vui lòng thử lại, hoặc góp ý và xác nhận qua thư điện tử.',
  'citizen.sign_in_failed': 'Không xác nhận được kết quả đăng nhập với dịch vụ định danh. Vui lòng đăng nhập lại từ đầu.',
  'citizen.email_missing': 'Dịch vụ định danh không cung cấp địa chỉ thư điện tử của bạn, nên không thể đăng nhập. Hãy đồng ý chia sẻ địa chỉ thư điện tử, hoặc góp ý và xác nhận qua thư.',
  'citizen.email_unverified': 'Địa chỉ thư điện tử của bạn chưa được dịch vụ định danh xác minh, nên không thể đăng nhập. Hãy xác minh địa chỉ ở dịch vụ định danh, hoặc góp ý và xác nhận qua thư.',
} as const;

export const en: Record<keyof typeof vi, string> = {
  'citizen.sign_in': 'Sign in with {provider}',
  'citizen.sign_in.hint': 'A comment sent while signed in needs no confirmation by e-mail.',
  'citizen.signed_in_as': 'Signed in: {name} ({email})',
  'citizen.sign_out': 'Sign out',
  'citizen.flow_missing': 'No sign-in was found waiting: your browser may have blocked cookies, or this link was opened somewhere else. Please sign in again from the start.',
  'citizen.flow_expired': 'The sign-in took more than 10 minutes. Please sign in again from the start.',
  'citizen.state_mismatch': 'The sign-in response does not match your sign-in (wrong state parameter). For your safety it was refused. Please sign in again from the start.',
  'citizen.provider_refused': 'The identity service did not sign you in ({error}). Please try again, or comment and confirm by e-mail.',
  'citizen.sign_in_failed': 'The sign-in could not be confirmed with the identity service. Please sign in again from the start.',
  'citizen.email_missing': 'The identity service did not give your e-mail address, so you cannot be signed in. Allow it to share your e-mail address, or comment and confirm by e-mail.',
  'citizen.email_unverified': 'The identity service has not verified your e-mail address, so you cannot be signed in. Verify it with the identity service, or comment and confirm by e-mail.',
};
