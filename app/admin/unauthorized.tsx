import { LoginForm } from "@/components/admin/LoginForm";

/** Shown with status 401 on every admin page until the admin token is given. */
export default function AdminUnauthorized() {
  return (
    <main className="mx-auto flex max-w-sm flex-col gap-4 px-4 py-16">
      <h1 className="text-xl font-semibold">Chorus admin</h1>
      <p className="text-sm text-slate-600">
        Enter the admin token: the <code>ADMIN_TOKEN</code> the server was started with, or the
        contents of <code>.chorus/admin-token</code> that <code>npm start</code> created.
      </p>
      <LoginForm />
    </main>
  );
}
