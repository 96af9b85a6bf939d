import { useCallback, useEffect, useMemo, useState } from 'react';
import type { SokhanApi } from '../../src-shared/app-contract/api';
import type { ChunkRef } from '../../src-shared/app-contract/commands';
import type {
  NetworkStateView,
  WaitingAudioView as WaitingView,
  WaitingChunkView,
} from '../../src-shared/app-contract/waiting-audio';
import type { BilingualMessage } from '../../src-shared/bilingual';
import { ConfirmDialog } from './ConfirmDialog';
import { useI18n } from './i18n';
import { spoolStrings } from './spool-strings';
import './waiting-audio.css';

interface Props {
  api: SokhanApi | null;
  /** An error a person should see (the app's banners). */
  onNotice(key: string, message: BilingualMessage): void;
}

type Asking = { kind: 'discard' | 'consent'; item: WaitingChunkView } | null;

const refOf = (item: WaitingChunkView): ChunkRef => ({ sessionId: item.sessionId, index: item.index });
const keyOf = (item: WaitingChunkView) => `${item.sessionId}#${item.index}`;

/**
 * Audio waiting in the spool — failed, refused by a budget, left by a crash, or waiting for the network — shown as
 * soon as the window opens, with each chunk's length, recording, model, reason and price, and "send now" and
 * "discard" (confirmed). A chunk past a budget is sent only after the person agrees in a dialog; chunks another
 * process is sending are shown busy, without buttons. While the endpoint is down, a banner says the app is waiting
 * for the network and when it tries next.
 */
export function WaitingAudioView({ api, onNotice }: Props) {
  const { lang, fmt } = useI18n();
  const s = spoolStrings(lang);
  const [view, setView] = useState<WaitingView | null>(null);
  const [network, setNetwork] = useState<NetworkStateView | null>(null);
  const [asking, setAsking] = useState<Asking>(null);
  const [pending, setPending] = useState<ReadonlySet<string>>(new Set());
  const [done, setDone] = useState<string | null>(null);
  const dateFormat = useMemo(
    () => new Intl.DateTimeFormat(lang === 'fa' ? 'fa-IR' : 'en-US', { dateStyle: 'medium', timeStyle: 'short' }),
    [lang],
  );

  const load = useCallback(() => {
    if (!api) return;
    void api.listWaitingAudio().then((result) => {
      if (!result.ok) return onNotice('spool', result.message);
      setView(result.value);
      setNetwork(result.value.network);
      setPending(new Set());
    });
  }, [api, onNotice]);

  useEffect(() => {
    if (!api) return;
    load();
    return api.onEvent((event) => {
      if (event.type !== 'spool') return;
      setNetwork(event.network);
      load();
    });
  }, [api, load]);

  const send = async (item: WaitingChunkView, consent: boolean) => {
    if (!api) return;
    setPending((keys) => new Set(keys).add(keyOf(item)));
    const result = await api.sendWaitingAudio([refOf(item)], consent);
    if (!result.ok) {
      setPending(new Set());
      return onNotice(`spool-send:${keyOf(item)}`, result.message);
    }
    const { queued, busy } = result.value;
    setDone(
      [queued > 0 ? s.sent(fmt.number(queued)) : '', busy > 0 ? s.keptBusy(fmt.number(busy)) : ''].join(' ').trim(),
    );
  };

  const discard = async (item: WaitingChunkView) => {
    if (!api) return;
    const result = await api.discardWaitingAudio([refOf(item)]);
    if (!result.ok) return onNotice(`spool-discard:${keyOf(item)}`, result.message);
    const { discarded, busy } = result.value;
    setDone(
      [discarded > 0 ? s.discarded(fmt.number(discarded)) : '', busy > 0 ? s.keptBusy(fmt.number(busy)) : '']
        .join(' ')
        .trim(),
    );
    load();
  };

  const onConfirm = () => {
    if (!asking) return;
    const { kind, item } = asking;
    setAsking(null);
    if (kind === 'discard') void discard(item);
    else void send(item, true);
  };

  const offline = network !== null && network.state !== 'online';
  const items = view?.items ?? [];
  if (!offline && items.length === 0 && !done) return null;

  return (
    <>
      {offline && (
        <div role="status" className="banner banner-warn network-banner" data-network={network.state}>
          <div className="banner-text">
            <p className="primary">{s.networkWaiting}</p>
            <p className="secondary">
              {network.state === 'probing'
                ? s.networkProbing
                : network.nextProbeAt !== null && s.networkNext(fmt.time(network.nextProbeAt))}
            </p>
          </div>
        </div>
      )}
      {items.length > 0 && view && (
        <section className="card waiting-audio" aria-labelledby="waiting-audio-title">
          <h2 id="waiting-audio-title" className="section-title">
            {s.title}
          </h2>
          <p className="hint">
            {s.intro}{' '}
            {s.total(fmt.number(items.length), fmt.seconds(view.totalAudioMs), fmt.money(view.totalCostMicros))}
          </p>
          <table className="waiting-table">
            <thead>
              <tr>
                <th scope="col">{s.recorded}</th>
                <th scope="col">{s.length}</th>
                <th scope="col">{s.model}</th>
                <th scope="col">{s.why}</th>
                <th scope="col">{s.cost}</th>
                <th scope="col">{s.actions}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => {
                const needsConsent = item.reason === 'budget' || item.crossesBudget;
                const key = keyOf(item);
                return (
                  <tr key={key} data-chunk={key} data-reason={item.reason} aria-busy={item.busy || undefined}>
                    <td>{s.sessionOf(dateFormat.format(item.createdAt), fmt.number(item.index + 1))}</td>
                    <td>{fmt.seconds(item.audioMs)}</td>
                    <td>
                      <bdi>{item.model}</bdi>
                    </td>
                    <td>
                      {s.reason[item.reason]}
                      {item.crossesBudget && item.reason !== 'budget' && (
                        <span className="tag warn"> · {s.crossesBudget}</span>
                      )}
                    </td>
                    <td>
                      <bdi>
                        {item.reason === 'paid'
                          ? s.paidAlready
                          : item.priceKnown
                            ? fmt.money(item.costMicros)
                            : s.priceUnknown}
                      </bdi>
                    </td>
                    <td className="actions">
                      {item.busy ? (
                        <span className="busy">{s.busy}</span>
                      ) : (
                        <>
                          <button
                            type="button"
                            className="small"
                            disabled={pending.has(key)}
                            onClick={() =>
                              needsConsent ? setAsking({ kind: 'consent', item }) : void send(item, false)
                            }
                          >
                            {needsConsent ? s.sendAnyway : s.sendNow}
                          </button>
                          <button
                            type="button"
                            className="small danger-outline"
                            disabled={pending.has(key)}
                            onClick={() => setAsking({ kind: 'discard', item })}
                          >
                            {s.discard}
                          </button>
                        </>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
      )}
      {done && (
        <p role="status" className="hint waiting-done">
          {done}
        </p>
      )}
      {asking && (
        <ConfirmDialog
          title={asking.kind === 'discard' ? s.discardTitle : s.consentTitle}
          confirmLabel={asking.kind === 'discard' ? s.discardConfirm : s.consentConfirm}
          cancelLabel={s.cancel}
          danger={asking.kind === 'discard'}
          onConfirm={onConfirm}
          onCancel={() => setAsking(null)}
        >
          <p>
            {asking.kind === 'discard'
              ? s.discardBody(fmt.seconds(asking.item.audioMs), dateFormat.format(asking.item.createdAt))
              : s.consentBody(fmt.money(asking.item.costMicros))}
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}
