/** Saved payment methods. */
export function PaymentPage() {
  return (
    <section className="card" aria-labelledby="page-title">
      <h1 id="page-title">Payment methods</h1>
      <table>
        <thead>
          <tr>
            <th scope="col">Card</th>
            <th scope="col">Expires</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td>Visa ending 4242 (default)</td>
            <td>09/2028</td>
          </tr>
        </tbody>
      </table>
      <button type="button">Add a card</button>
    </section>
  );
}
