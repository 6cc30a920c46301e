// Minimal placeholder entry (the UI feature replaces this): shows that the host answers.
import { createRoot } from 'react-dom/client';
import { useEffect, useState } from 'react';
import { host } from './services/host';

function App() {
  const [status, setStatus] = useState('connecting…');
  useEffect(() => {
    host
      .invoke('project.recent', {})
      .then((r) => setStatus(`host: ${host.mode}, ${r.items.length} recent project(s)`))
      .catch((e: Error) => setStatus(`host error: ${e.message}`));
  }, []);
  return <h1 data-testid="host-status">CNN Studio — {status}</h1>;
}

createRoot(document.getElementById('root')!).render(<App />);
