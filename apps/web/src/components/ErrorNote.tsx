/** An error the person should read now; announced by screen readers as it appears. */
export function ErrorNote({ message, id }: { message: string | null; id?: string }) {
  if (!message) return null;
  return (
    <p role="alert" className="error-note" id={id}>
      {message}
    </p>
  );
}
