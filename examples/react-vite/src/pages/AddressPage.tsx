/** The delivery address form. */
export function AddressPage() {
  return (
    <form className="card" aria-labelledby="page-title" onSubmit={(e) => e.preventDefault()}>
      <h1 id="page-title">Delivery address</h1>
      <label>
        Street <input name="street" defaultValue="1-2-3 Jingumae" autoComplete="street-address" />
      </label>
      <label>
        City <input name="city" defaultValue="Shibuya, Tokyo" autoComplete="address-level2" />
      </label>
      <label>
        Postcode <input name="postcode" defaultValue="150-0001" autoComplete="postal-code" />
      </label>
      <button type="submit">Save address</button>
    </form>
  );
}
