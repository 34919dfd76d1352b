/** Password and two-step verification. */
export function SecurityPage() {
  return (
    <section className="card" aria-labelledby="page-title">
      <h1 id="page-title">Security</h1>
      <p>Password last changed 3 months ago.</p>
      <button type="button">Change password</button>
      <p>
        Two-step verification: <strong>on</strong> (authenticator app)
      </p>
      <button type="button">Reset two-step verification</button>
    </section>
  );
}
