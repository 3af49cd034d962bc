/** Why a password grant's body gets no Secure Application Model rewrite, in either language. */

/** A certificate's client assertion signs the app in, and a secret cannot join it. */
export const SIGNS_IN_WITH_CLIENT_ASSERTION =
  "the body signs its app in with a client assertion, and the refresh token redeems only under the Secure Application Model app's id and secret";

/** A second refresh_token key would not parse (an object literal's and a hashtable's keys are unique), and the fix cannot tell which token the code means. */
export const ALREADY_POSTS_REFRESH_TOKEN =
  "the body already posts a refresh_token beside the password, and the fix's refresh_token would be a second one: decide which refresh token the request redeems (the Secure Application Model's, from the one-time consent), and rewrite it by hand";
