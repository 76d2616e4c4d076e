import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiRequest, errorMessage } from '../api/apiRequest';
import { privateLink } from '../api/linkSession';
import { useConfirm } from '../components/ConfirmDialog';
import { ErrorNote } from '../components/ErrorNote';
import { SecretLink } from '../components/SecretLink';

interface LinkInfo {
  id: string;
  label: string;
  createdAt: number;
  revokedAt: number | null;
}

/**
 * The console's "Facilitators" card [FL1][FL2]: this device's own facilitator link to show again,
 * co-facilitators invited with links of their own, and revoking any link but the one in hand.
 */
export function FacilitatorLinks({ workshopId, token }: { workshopId: string; token: string }) {
  const { t } = useTranslation();
  const id = useId();
  const base = `/api/workshops/${encodeURIComponent(workshopId)}/facilitators`;
  const [links, setLinks] = useState<LinkInfo[]>([]);
  const [current, setCurrent] = useState<string | null>(null);
  const [showMine, setShowMine] = useState(false);
  const [shown, setShown] = useState<{ id: string; link: string } | null>(null);
  const [label, setLabel] = useState('');
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const confirm = useConfirm();

  const load = useCallback(async () => {
    const body = await apiRequest<{ links: LinkInfo[]; current: string | null }>('GET', base, { token });
    setLinks(body.links);
    setCurrent(body.current);
  }, [base, token]);

  useEffect(() => {
    load().catch((err: unknown) => setError(errorMessage(err)));
  }, [load]);

  const act = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    setStatus('');
    try {
      await work();
      await load();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const invite = (event: FormEvent) => {
    event.preventDefault();
    const name = label.trim();
    if (!name) return;
    void act(async () => {
      const body = await apiRequest<{ link: LinkInfo; token: string }>('POST', base, { token, body: { label: name } });
      setShown({ id: body.link.id, link: privateLink(workshopId, body.token, 'facilitator') });
      setStatus(t('people.fac.invited', { label: body.link.label }));
      setLabel('');
    });
  };

  const show = (link: LinkInfo) => {
    if (shown?.id === link.id) return setShown(null);
    void act(async () => {
      const body = await apiRequest<{ token: string }>('POST', `${base}/${encodeURIComponent(link.id)}/token`, { token });
      setShown({ id: link.id, link: privateLink(workshopId, body.token, 'facilitator') });
    });
  };

  const revoke = (link: LinkInfo) =>
    confirm.ask(
      t('people.fac.revokeConfirm', { label: link.label }),
      t('people.fac.revoke'),
      () =>
        void act(async () => {
          await apiRequest('DELETE', `${base}/${encodeURIComponent(link.id)}`, { token });
          if (shown?.id === link.id) setShown(null);
          setStatus(t('people.fac.revokedDone', { label: link.label }));
        }),
      true,
    );

  return (
    <section className="card" aria-labelledby={`${id}-heading`} data-testid="facilitator-links">
      <h2 id={`${id}-heading`}>{t('people.fac.heading')}</h2>
      <p className="hint">{t('people.fac.mineHint')}</p>
      <button type="button" className="secondary" aria-expanded={showMine} onClick={() => setShowMine((s) => !s)} data-testid="show-my-link">
        {showMine ? t('people.fac.hideMine') : t('people.fac.showMine')}
      </button>
      {showMine ? <SecretLink link={privateLink(workshopId, token, 'facilitator')} testId="my-facilitator-link" /> : null}
      <ul className="link-list" data-testid="facilitator-link-list">
        {links.map((link) => (
          <li key={link.id} data-testid={`facilitator-link-${link.label}`}>
            <span dir="auto">{link.label}</span>
            {link.id === current ? <span className="hint"> ({t('people.fac.thisDevice')})</span> : null}
            {link.revokedAt !== null ? (
              <span className="hint"> ({t('people.fac.revokedState')})</span>
            ) : link.id !== current ? (
              <span className="button-row inline">
                <button type="button" className="secondary" disabled={busy} onClick={() => show(link)} data-testid={`show-link-${link.id}`}>
                  {shown?.id === link.id ? t('people.fac.hide') : t('people.fac.show')}
                </button>
                <button type="button" className="danger" disabled={busy} onClick={() => revoke(link)} data-testid={`revoke-link-${link.id}`}>
                  {t('people.fac.revoke')}
                </button>
              </span>
            ) : null}
            {shown?.id === link.id ? <SecretLink link={shown.link} testId="co-facilitator-link" /> : null}
          </li>
        ))}
      </ul>
      <form onSubmit={invite} className="stack" noValidate>
        <label htmlFor={`${id}-label`}>{t('people.fac.inviteLabel')}</label>
        <input id={`${id}-label`} value={label} maxLength={80} onChange={(e) => setLabel(e.target.value)} data-testid="co-facilitator-name" />
        <button type="submit" disabled={busy || label.trim() === ''} data-testid="invite-co-facilitator">
          {t('people.fac.invite')}
        </button>
      </form>
      <p role="status" className="ok-text">
        {status}
      </p>
      <ErrorNote message={error} />
      {confirm.dialog}
    </section>
  );
}
