// Who is signed in: tokens kept in localStorage, renewed through POST /api/auth/refresh.

const KEY = "pnp.session";

export const session = {
  accessToken: null,
  refreshToken: null,
  user: null,

  load() {
    try {
      Object.assign(this, JSON.parse(localStorage.getItem(KEY)) || {});
    } catch {
      localStorage.removeItem(KEY);
    }
  },

  save(auth) {
    this.accessToken = auth.access_token;
    this.refreshToken = auth.refresh_token || this.refreshToken;
    this.user = auth.user || this.user;
    localStorage.setItem(KEY, JSON.stringify({
      accessToken: this.accessToken, refreshToken: this.refreshToken, user: this.user }));
    window.dispatchEvent(new CustomEvent("pnp:session"));
  },

  clear() {
    this.accessToken = this.refreshToken = this.user = null;
    localStorage.removeItem(KEY);
    window.dispatchEvent(new CustomEvent("pnp:session"));
  },

  async refresh() {
    const used = this.refreshToken;
    const response = await fetch("/api/auth/refresh", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ refresh_token: used }) });
    if (used !== this.refreshToken) return Boolean(this.accessToken); // signed in or out meanwhile
    if (!response.ok) {
      this.clear();
      return false;
    }
    this.save(await response.json());
    return true;
  },

  /** Refreshes the access token when it expires within 30 s (WebSocket and WHIP/WHEP need it valid). */
  async fresh() {
    if (!this.accessToken) return false;
    try {
      const { exp } = JSON.parse(atob(this.accessToken.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
      if (exp * 1000 - Date.now() > 30_000) return true;
    } catch {
      return false;
    }
    return this.refresh();
  },

  get role() {
    return this.user ? this.user.role : null;
  },

  is(...roles) {
    return roles.includes(this.role);
  },
};
