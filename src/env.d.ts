declare namespace App {
  interface Locals {
    /** The signed-in consultant, set by the middleware on workspace routes. */
    consultant?: { email: string; name: string };
  }
}
