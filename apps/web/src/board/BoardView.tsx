import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import * as Y from 'yjs';
import {
  BOARD_CARD,
  boardDisagreements,
  boardReadingOrder,
  BOARD_NOTE_SIZE,
  LIMITS,
  addFrame,
  addNote,
  frameAround,
  freeSpotNear,
  moveCluster,
  type Board,
  type BoardAnnotations,
  type BoardCard,
  type BoardCluster,
  type BoardDisagreement,
  type BoardPosition,
  type BoardRect,
  type Column,
} from '@roomtable/core';
import { pollColumnLabel } from '../plenary/pollColumnLabel';
import { usePinchZoom } from './usePinchZoom';
import { ActionText } from '../facilitate/ActionOutcome';
import { BoardClusterBar } from './BoardClusterBar';
import { BoardPollBar, usePollFromBoard, type BoardPolling } from './BoardPollBar';
import { isPicked, pruneSelection, useBoardSelection, type PickKind } from './boardSelection';
import { BoardItemEditor, FrameItem, NoteItem } from './BoardAnnotationItems';
import { FrameDrawLayer } from './FrameDrawLayer';
import type { BoardPresence } from './useBoardPresence';
import { useFollowView } from './useFollowView';
import './board.css';

interface Props {
  board: Board;
  /** Its sticky notes and frames ([BN1], [BN2]). */
  annotations?: BoardAnnotations;
  /** Who drags what, and the facilitator's viewport; null on the projector. */
  presence?: BoardPresence | null;
  /** The facilitator: shares their viewport for others to follow. */
  sharesView?: boolean;
  /** The board document to move clusters in; null when this person may only look. */
  doc: Y.Doc | null;
  columns: readonly Column[];
  /** The projector: no controls, the plane fitted to the screen. */
  screen?: boolean;
  /** The facilitator while reporting: pick clusters and cards, and poll exactly those ([BP1]). */
  polling?: BoardPolling | null;
}

// A press that travels less than this many pixels is a click (a pick), not a drag.
const CLICK_SLOP = 4;
const NO_POLLING = {
  workshopId: '',
  token: '',
  pollOpen: true,
  canRate: false,
} satisfies BoardPolling;

/**
 * Below this scale the text boxes and buttons of notes and frames would be under 24 px (their
 * smallest is 32 board units): they are edited above the plane instead (BoardItemEditor).
 */
const COMPACT_BELOW = 0.75;

/** Arrow keys move a cluster this far (Shift: a card's width), in board units. */
const KEY_STEP = BOARD_CARD.gap;

/**
 * The plenary board: every room's rows as cards on the impact/effort plane, similar ones stacked as
 * clusters, disagreements marked; the facilitator and note-takers drag clusters (mouse, touch, or
 * arrow keys) and everyone sees them move. The list view holds the same clusters in the plane's
 * reading order (core [BD5]).
 */
const NO_ANNOTATIONS: BoardAnnotations = { notes: [], frames: [] };
const NO_MOVERS: readonly string[] = [];

/** A new note's or frame's id: random, so two people adding at the same moment never collide ([BN1]). */
function newItemId(kind: 'note' | 'frame'): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `${kind}:${[...bytes].map((b) => (b % 36).toString(36)).join('')}`;
}

export function BoardView({ board, annotations = NO_ANNOTATIONS, presence = null, sharesView = false, doc, columns, screen = false, polling = null }: Props) {
  const { t } = useTranslation();
  const { selection: chosen, toggle, clear } = useBoardSelection();
  // What someone else split or merged away is no longer picked.
  const selection = pruneSelection(chosen, board);
  const pollThis = usePollFromBoard(polling ?? NO_POLLING);
  const canPollThis = polling !== null && polling.canRate && !polling.pollOpen && !pollThis.action.busy;
  // The facilitator picks to poll; the facilitator and note-takers (who hold the doc) pick to split and merge.
  const pickOf = polling || doc ? (kind: PickKind, pickId: string) => (additive: boolean) => toggle(kind, pickId, additive) : null;
  const pollCluster = canPollThis ? (clusterId: string) => () => void pollThis.open('rating', { clusters: [clusterId], cards: [] }, 0) : null;
  const id = useId();
  const [view, setView] = useState<'plane' | 'list'>('plane');
  const [zoom, setZoom] = useState(1);
  const frame = useRef<HTMLDivElement>(null);
  const [fit, setFit] = useState(1);
  const cards = useMemo(() => new Map(board.cards.map((c) => [c.id, c])), [board.cards]);
  const clusters = useMemo(() => new Map(board.clusters.map((c) => [c.id, c])), [board.clusters]);
  const order = boardReadingOrder(board.positions).filter((cid) => clusters.has(cid));
  const ratingKeys = useMemo(() => columns.filter((c) => c.kind === 'rating').map((c) => c.key), [columns]);
  const disagreements = useMemo(() => boardDisagreements(board, ratingKeys), [board, ratingKeys]);
  const disagreeOf = new Map<string, BoardDisagreement[]>();
  for (const d of disagreements) disagreeOf.set(d.cluster, [...(disagreeOf.get(d.cluster) ?? []), d]);
  const labelOf = (key: string | null) => {
    const c = columns.find((col) => col.key === key);
    return c ? pollColumnLabel(c, t) : '';
  };
  const yName = labelOf(board.axes.y);
  const xName = labelOf(board.axes.x);

  // The plane is scaled to the frame's width (and, on the projector, its height), then zoomed.
  useEffect(() => {
    const el = frame.current;
    if (!el || board.plane.width === 0) return;
    const measure = () => {
      const byWidth = el.clientWidth / board.plane.width;
      const byHeight = screen ? el.clientHeight / board.plane.height : byWidth;
      setFit(Math.min(byWidth, byHeight) || 1);
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [board.plane.width, board.plane.height, screen, view]);
  const scale = fit * zoom;
  // The projector follows the facilitator's viewport by itself: the room sees what the facilitator points at.
  const following = useFollowView({ frame, scale, fit, setZoom, presence, shares: sharesView && !screen, enabled: view === 'plane', projector: screen });
  const { userZoom } = following;
  // Where the facilitator's view is centred (board units), for a test to await its arrival.
  const lead = presence?.facilitatorView;
  const leaderX = lead && !sharesView ? Math.round(lead.x + lead.width / 2) : undefined;
  usePinchZoom(frame, { zoom, setZoom: userZoom, fit, enabled: view === 'plane' && !screen });
  const notesById = new Map(annotations.notes.map((n) => [n.id, n]));
  const framesById = new Map(annotations.frames.map((f) => [f.id, f]));
  // Clusters, notes and frames in one reading order, each by its top-left corner ([BN4]): the
  // keyboard's Tab and the list view meet them as the plane shows them, a frame before what it holds.
  const items = boardReadingOrder({
    ...Object.fromEntries(order.map((cid) => [cid, board.positions[cid] as BoardPosition])),
    ...Object.fromEntries(annotations.notes.map((n) => [n.id, { x: n.x, y: n.y }])),
    ...Object.fromEntries(annotations.frames.map((f) => [f.id, { x: f.x, y: f.y }])),
  });
  const [editing, setEditing] = useState<string | null>(null);
  const [drawing, setDrawing] = useState(false);
  const compact = scale < COMPACT_BELOW;
  const moversOf = (itemId: string) => presence?.movers.get(itemId) ?? NO_MOVERS;
  const onDragging = (itemId: string | null) => presence?.setDrag(itemId);
  // What the frame shows now, in board units (the whole plane in the list view).
  const shown = () => {
    const el = frame.current;
    if (!el || scale <= 0) return { x: 0, y: 0, width: board.plane.width, height: board.plane.height };
    return { x: el.scrollLeft / scale, y: el.scrollTop / scale, width: el.clientWidth / scale, height: Math.min(el.clientHeight / scale, board.plane.height) };
  };
  const addNoteHere = () => {
    if (!doc) return;
    const v = shown();
    // Two people adding at the same moment see the same free spot: each client starts from its own
    // offset (a note's width apart, by its Yjs client id), so their notes mostly land side by side.
    const spread = ((doc.clientID % 5) - 2) * (BOARD_NOTE_SIZE.width + BOARD_CARD.gap);
    const centre = { x: v.x + v.width / 2 - BOARD_NOTE_SIZE.width / 2 + spread, y: v.y + v.height / 2 - BOARD_NOTE_SIZE.height / 2 };
    // The nearest spot that hides no stack or note (three notes added in a row were stacked out of sight).
    const taken = [...order.map((cid) => board.positions[cid] as BoardPosition), ...annotations.notes];
    const at = taken.some((p) => Math.abs(p.x - centre.x) < BOARD_CARD.width && Math.abs(p.y - centre.y) < BOARD_CARD.height) ? freeSpotNear(taken, centre) : centre;
    const noteId = newItemId('note');
    if (addNote(doc, noteId, at)) {
      if (compact || view === 'list') setEditing(noteId);
      else requestAnimationFrame(() => document.querySelector<HTMLTextAreaElement>(`[data-note="${noteId}"] textarea`)?.focus());
    }
  };
  const picked = selection.clusters.map((cid) => board.positions[cid]).filter((p): p is BoardPosition => p !== undefined);
  const addFrameHere = (drawn: BoardRect | null = null) => {
    if (!doc) return;
    setDrawing(false);
    const v = shown();
    // A drawn rectangle too small to hold anything (a click) is a frame of the default size there.
    const at = drawn && (drawn.width < BOARD_CARD.width / 2 || drawn.height < BOARD_CARD.height / 2) ? { x: drawn.x, y: drawn.y, width: BOARD_CARD.width * 2, height: BOARD_CARD.height * 2 } : drawn;
    const rect =
      at ??
      frameAround(picked.map((p) => ({ ...p, width: BOARD_CARD.width, height: BOARD_CARD.height }))) ??
      { x: v.x + v.width / 2 - BOARD_CARD.width, y: v.y + v.height / 2 - BOARD_CARD.height, width: BOARD_CARD.width * 2, height: BOARD_CARD.height * 2 };
    const frameId = newItemId('frame');
    if (addFrame(doc, frameId, rect)) {
      if (picked.length > 0) clear();
      if (compact || view === 'list') setEditing(frameId);
      else requestAnimationFrame(() => document.querySelector<HTMLInputElement>(`[data-frame="${frameId}"] input`)?.focus());
    }
  };

  const bandName = (axis: 'x' | 'y', band: string) => t(`board.band.${band}`, { column: axis === 'y' ? yName : xName });
  const clusterText = (c: BoardCluster) => {
    const first = cards.get(c.cardIds[0] ?? '');
    return first ? cardText(first) : c.id;
  };
  const roomsOf = (c: BoardCluster) => [...new Set(c.cardIds.map((cid) => cards.get(cid)?.room).filter((r): r is number => r !== undefined))];
  const clusterLabel = (c: BoardCluster) =>
    t('board.clusterLabel', { text: clusterText(c), count: c.cardIds.length, rooms: roomsOf(c).join(', ') }) +
    (isPicked(selection, 'cluster', c.id) ? ` — ${t('board.pick.picked')}` : '');
  const changeText = (c: BoardCluster) => (c.change ? t(c.change.kind === 'merge' ? 'board.change.merge' : 'board.change.split', { reason: c.change.reason }) : '');
  const disagreeText = (d: BoardDisagreement) =>
    t('board.disagree', { column: labelOf(d.column), high: d.high.join(', '), low: d.low.join(', ') });

  return (
    <section className={screen ? 'board board-screen' : 'card board'} aria-labelledby={`${id}-h`} data-testid="board">
      <h2 id={`${id}-h`}>{t('board.heading')}</h2>
      {!screen ? (
        <div className="button-row board-tools">
          <div role="group" aria-label={t('board.views')} className="button-row">
            <button type="button" className={view === 'plane' ? 'toggle on' : 'toggle'} aria-pressed={view === 'plane'} onClick={() => setView('plane')} data-testid="board-plane-view">
              {t('board.plane')}
            </button>
            <button type="button" className={view === 'list' ? 'toggle on' : 'toggle'} aria-pressed={view === 'list'} onClick={() => setView('list')} data-testid="board-list-view">
              {t('board.list')}
            </button>
          </div>
          {view === 'plane' ? (
            <div role="group" aria-label={t('board.zoom')} className="button-row">
              <button type="button" className="secondary" onClick={() => userZoom(Math.max(0.5, zoom / 1.25))} aria-label={t('board.zoomOut')} data-testid="board-zoom-out">
                −
              </button>
              <button type="button" className="secondary" onClick={() => userZoom(1)}>
                {t('board.fit')}
              </button>
              <button type="button" className="secondary" onClick={() => userZoom(Math.min(4, zoom * 1.25))} aria-label={t('board.zoomIn')} data-testid="board-zoom-in">
                +
              </button>
            </div>
          ) : null}
          {doc ? (
            <div role="group" aria-label={t('board.annotate')} className="button-row">
              <button type="button" className="secondary" onClick={addNoteHere} disabled={annotations.notes.length >= LIMITS.boardNotesMax} data-testid="board-add-note">
                {t('board.note.add')}
              </button>
              <button
                type="button"
                className={drawing ? 'toggle on' : 'secondary'}
                aria-pressed={picked.length > 0 || view !== 'plane' ? undefined : drawing}
                // With picks: a frame around them. Without, a pointer draws it on the plane; the
                // keyboard (a click of detail 0) and the list view get one in the middle of the view.
                onClick={(e) => (picked.length > 0 || view !== 'plane' || e.detail === 0 ? addFrameHere() : setDrawing((d) => !d))}
                disabled={annotations.frames.length >= LIMITS.boardFramesMax}
                data-testid="board-add-frame"
              >
                {picked.length > 0 ? t('board.frame.addAround') : t('board.frame.add')}
              </button>
            </div>
          ) : null}
          {following.canFollow && view === 'plane' ? (
            <button
              type="button"
              className={following.follow ? 'toggle on' : 'toggle'}
              aria-pressed={following.follow}
              onClick={() => following.setFollow(!following.follow)}
              disabled={!following.facilitatorShares && !following.follow}
              title={following.facilitatorShares ? undefined : t('board.follow.none')}
              data-testid="board-follow"
            >
              {t('board.follow.label')}
            </button>
          ) : null}
          <p className="muted board-summary" data-testid="board-summary">
            {t('board.summary', { cards: board.cards.length, clusters: board.clusters.length })}
            {doc ? ` ${t('board.moveHint')}` : ''}
          </p>
        </div>
      ) : null}
      {!screen && doc ? <BoardClusterBar board={board} doc={doc} selection={selection} toggle={toggle} onDone={clear} cardText={cardText} /> : null}
      {!screen && polling ? (
        <>
          <BoardPollBar polling={polling} selection={selection} onClear={clear} />
          <span role="status" className="toolbar-message">
            <ActionText action={pollThis.action} />
          </span>
        </>
      ) : null}

      {drawing && view === 'plane' ? (
        <p className="board-draw-hint" role="status" data-testid="board-draw-hint">
          {t('board.frame.drawHint')}
        </p>
      ) : null}
      {!screen && doc && editing ? (
        <BoardItemEditor doc={doc} note={notesById.get(editing) ?? null} frame={framesById.get(editing) ?? null} onClose={() => setEditing(null)} />
      ) : null}
      {view === 'plane' ? (
        <div className="board-frame" ref={frame} data-zoom={zoom} data-scale={scale} data-following={following.follow ? 'true' : undefined} data-leader-x={leaderX} data-testid="board-frame">
          <div className="board-scaled" style={{ width: board.plane.width * scale, height: board.plane.height * scale }}>
            <div className="board-plane" style={{ width: board.plane.width, height: board.plane.height, transform: `scale(${scale})`, ['--board-scale' as string]: scale }} data-testid="board-plane">
              {board.plane.y.map((yb) =>
                board.plane.x.map((xb) => (
                  <div
                    key={`${yb.band}|${xb.band}`}
                    className={`board-cell cell-${yb.band}-${xb.band}`}
                    style={{ left: xb.from, top: yb.from, width: xb.to - xb.from, height: yb.to - yb.from }}
                    aria-hidden="true"
                  />
                )),
              )}
              {board.plane.y.map((yb) => (
                <div key={`y-${yb.band}`} className="board-band-label y" style={{ top: yb.from + 4 }} aria-hidden="true">
                  {bandName('y', yb.band)}
                </div>
              ))}
              {board.plane.x.map((xb) => (
                <div key={`x-${xb.band}`} className="board-band-label x" style={{ left: xb.to - 8 }} aria-hidden="true">
                  {bandName('x', xb.band)}
                </div>
              ))}
              {drawing && doc && !screen ? <FrameDrawLayer scale={scale} onDrawn={addFrameHere} onCancel={() => setDrawing(false)} /> : null}
              {items.map((cid) => {
                const note = notesById.get(cid);
                if (note) return <NoteItem key={cid} note={note} scale={scale} doc={screen ? null : doc} movers={moversOf(cid)} onDragging={onDragging} compact={compact} onEdit={() => setEditing(cid)} />;
                const box = framesById.get(cid);
                if (box) return <FrameItem key={cid} frame={box} scale={scale} doc={screen ? null : doc} movers={moversOf(cid)} onDragging={onDragging} compact={compact} onEdit={() => setEditing(cid)} />;
                const c = clusters.get(cid) as BoardCluster;
                return (
                  <ClusterStack
                    key={cid}
                    cluster={c}
                    cards={c.cardIds.map((x) => cards.get(x)).filter((x): x is BoardCard => x !== undefined)}
                    position={board.positions[cid] as BoardPosition}
                    scale={scale}
                    doc={doc}
                    label={clusterLabel(c)}
                    disagreements={(disagreeOf.get(cid) ?? []).map(disagreeText)}
                    roomLabel={(room) => t('plenary.roomN', { room })}
                    stackedLabel={c.score === null ? '' : t('board.stacked', { count: c.cardIds.length, score: c.score.toFixed(2) })}
                    picked={isPicked(selection, 'cluster', cid)}
                    onPick={pickOf ? pickOf('cluster', cid) : null}
                    onPollThis={pollCluster ? pollCluster(cid) : null}
                    pollThisLabel={t('board.pollThisLabel', { text: clusterText(c) })}
                    pollThisText={t('board.pollThis')}
                    changeText={changeText(c)}
                    movers={moversOf(cid)}
                    onDragging={onDragging}
                  />
                );
              })}
            </div>
          </div>
        </div>
      ) : (
        <ol className="board-list" data-testid="board-list">
          {items.map((cid) => {
            const whereOf = (p: BoardPosition, w: number, h: number) => (axis: 'x' | 'y') => {
              const bands = board.plane[axis];
              const v = axis === 'x' ? p.x + w / 2 : p.y + h / 2;
              const band = bands.find((b) => v >= b.from && v < b.to)?.band;
              return band ? bandName(axis, band) : t('board.band.outside');
            };
            const note = notesById.get(cid);
            if (note) {
              const at = whereOf(note, BOARD_NOTE_SIZE.width, BOARD_NOTE_SIZE.height);
              return (
                <li key={cid} data-testid="board-list-note" data-note={cid} className="board-list-note">
                  <p>
                    <strong>{t('board.note.role')}:</strong> {note.text.trim() || t('board.note.emptyText')} <span className="muted">— {at('y')}, {at('x')}</span>{' '}
                    {doc ? (
                      <button type="button" className="secondary" onClick={() => setEditing(cid)} aria-label={t('board.editor.editNote', { text: note.text.trim().slice(0, 40) })}>
                        {t('board.editor.edit')}
                      </button>
                    ) : null}
                  </p>
                </li>
              );
            }
            const box = framesById.get(cid);
            if (box) {
              const inside = order.filter((x) => {
                const p = board.positions[x] as BoardPosition;
                return p.x >= box.x && p.y >= box.y && p.x + BOARD_CARD.width <= box.x + box.width && p.y + BOARD_CARD.height <= box.y + box.height;
              });
              return (
                <li key={cid} data-testid="board-list-frame" data-frame={cid} className="board-list-frame">
                  <p>
                    <strong>{t('board.frame.role')}:</strong> {box.name.trim() || t('board.frame.unnamedText')}{' '}
                    <span className="muted">— {t('board.frame.holds', { stacks: inside.length })}</span>{' '}
                    {doc ? (
                      <button type="button" className="secondary" onClick={() => setEditing(cid)} aria-label={t('board.editor.editFrame', { name: box.name.trim() })}>
                        {t('board.editor.edit')}
                      </button>
                    ) : null}
                  </p>
                </li>
              );
            }
            const c = clusters.get(cid) as BoardCluster;
            const where = whereOf(board.positions[cid] as BoardPosition, BOARD_CARD.width, BOARD_CARD.height);
            return (
              <li key={cid} data-testid="board-list-item" data-cluster={cid}>
                <p>
                  {pickOf ? (
                    <PickBox checked={isPicked(selection, 'cluster', cid)} onChange={() => pickOf('cluster', cid)(true)} label={t('board.pick.cluster', { text: clusterText(c) })} />
                  ) : null}
                  <strong>{clusterText(c)}</strong> <span className="muted">— {where('y')}, {where('x')}</span>
                </p>
                {(disagreeOf.get(cid) ?? []).map((d) => (
                  <p key={d.column} className="board-disagree-note">
                    {disagreeText(d)}
                  </p>
                ))}
                {pollCluster && disagreeOf.has(cid) ? (
                  <p>
                    <button type="button" className="secondary" onClick={pollCluster(cid)} aria-label={t('board.pollThisLabel', { text: clusterText(c) })} data-testid="board-poll-this">
                      {t('board.pollThis')}
                    </button>
                  </p>
                ) : null}
                {c.change ? (
                  <p className="board-change-note" data-testid="board-change">
                    {changeText(c)}
                  </p>
                ) : null}
                {c.reason ? <p className="muted">{t('board.reason', { score: (c.score ?? 0).toFixed(2), reason: c.reason })}</p> : null}
                <ul>
                  {c.cardIds.map((x) => cards.get(x)).filter((x): x is BoardCard => x !== undefined).map((card) => (
                    <li key={card.id}>
                      {pickOf && c.cardIds.length > 1 ? (
                        <PickBox checked={isPicked(selection, 'card', card.id)} onChange={() => pickOf('card', card.id)(true)} label={t('board.pick.card', { room: card.room, text: cardText(card) })} />
                      ) : null}
                      {t('plenary.roomN', { room: card.room })}: {cardText(card)}{' '}
                      <span className="muted">{ratingKeys.map((k) => `${labelOf(k)} ${card.ratings[k] ?? '–'}`).join(', ')}</span>
                    </li>
                  ))}
                </ul>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

/** A checkbox that picks a cluster or a card for a poll in the list view (the keyboard's and screen reader's way). */
function PickBox({ checked, onChange, label }: { checked: boolean; onChange: () => void; label: string }) {
  return <input type="checkbox" className="board-pick-box" checked={checked} onChange={onChange} aria-label={label} data-testid="board-pick-box" />;
}

function cardText(card: BoardCard): string {
  return card.text || Object.values(card.details).find((v) => v.trim() !== '') || '';
}

interface StackProps {
  cluster: BoardCluster;
  cards: BoardCard[];
  position: BoardPosition;
  scale: number;
  doc: Y.Doc | null;
  label: string;
  disagreements: string[];
  roomLabel: (room: number) => string;
  stackedLabel: string;
  picked: boolean;
  /** Picks the cluster for a poll (additive: Shift/Ctrl/Cmd-click, Space); null when this person cannot make polls. */
  onPick: ((additive: boolean) => void) | null;
  /** Opens a rating poll of this cluster; shown on disagreements ([BD4]), null when no poll can be opened now. */
  onPollThis: (() => void) | null;
  pollThisLabel: string;
  pollThisText: string;
  /** Why it was merged or split, as people see it ('' when untouched, [BD8]). */
  changeText: string;
  /** The others dragging it now, shown as a labelled outline. */
  movers: readonly string[];
  onDragging: (id: string | null) => void;
}

/** One cluster: its first card on top of the others (offset behind it), draggable when `doc` is given. */
function ClusterStack({ cluster, cards, position, scale, doc, label, disagreements, roomLabel, stackedLabel, picked, onPick, onPollThis, pollThisLabel, pollThisText, changeText, movers, onDragging }: StackProps) {
  const { t } = useTranslation();
  const drag = useRef<{ pointer: number; startX: number; startY: number; from: BoardPosition; frame: number | null; to: BoardPosition; moved: boolean } | null>(null);
  const top = cards[0];
  const move = (to: BoardPosition) => {
    if (doc) moveCluster(doc, cluster.id, to);
  };
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if ((!doc && !onPick) || e.button !== 0) return;
    // A button on the card ("poll this") keeps its own click: capturing the pointer here would send the click to the stack.
    if (e.target instanceof Element && e.target.closest('button')) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { pointer: e.pointerId, startX: e.clientX, startY: e.clientY, from: position, frame: null, to: position, moved: false };
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (!d || d.pointer !== e.pointerId || !doc) return;
    // A hand's tremor during a click is not a move: nothing is written until the press travels.
    if (!d.moved && Math.hypot(e.clientX - d.startX, e.clientY - d.startY) < CLICK_SLOP) return;
    if (!d.moved) onDragging(cluster.id);
    d.moved = true;
    d.to = { x: d.from.x + (e.clientX - d.startX) / scale, y: d.from.y + (e.clientY - d.startY) / scale };
    // One write per frame: a pointer reports far more often than anyone can see, and every write
    // is a change the server checks and sends to everyone.
    if (d.frame === null) {
      d.frame = requestAnimationFrame(() => {
        d.frame = null;
        move(d.to);
      });
    }
  };
  const onPointerUp = (e: PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (!d || d.pointer !== e.pointerId) return;
    if (d.frame !== null) cancelAnimationFrame(d.frame);
    drag.current = null;
    if (!d.moved) {
      if (e.type === 'pointerup' && onPick) onPick(e.shiftKey || e.ctrlKey || e.metaKey);
      return;
    }
    onDragging(null);
    if (d.to.x !== d.from.x || d.to.y !== d.from.y) move(d.to);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.target !== e.currentTarget) return;
    if (onPick && (e.key === ' ' || e.key === 'Enter')) {
      e.preventDefault();
      onPick(true);
      return;
    }
    if (!doc) return;
    const step = e.shiftKey ? BOARD_CARD.width : KEY_STEP;
    const delta: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    const d = delta[e.key];
    if (!d) return;
    e.preventDefault();
    move({ x: position.x + d[0], y: position.y + d[1] });
  };
  return (
    <div
      className={`board-cluster${doc ? ' movable' : ''}${onPick ? ' pickable' : ''}${picked ? ' picked' : ''}${disagreements.length > 0 ? ' disagree' : ''}${movers.length > 0 ? ' moving' : ''}`}
      style={{ left: position.x, top: position.y, width: BOARD_CARD.width, height: BOARD_CARD.height }}
      tabIndex={0}
      role="group"
      aria-roledescription="cluster"
      aria-label={label}
      data-testid="board-cluster"
      data-cluster={cluster.id}
      data-size={cards.length}
      data-picked={picked ? 'true' : undefined}
      data-x={position.x}
      data-y={position.y}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onKeyDown={onKeyDown}
    >
      {cards.slice(1, 4).map((c, i) => (
        <div key={c.id} className="board-card behind" style={{ transform: `translate(${(i + 1) * 6}px, ${(i + 1) * 6}px)` }} aria-hidden="true" />
      ))}
      {top ? (
        <div className="board-card front">
          <p className="board-card-text">{cardText(top)}</p>
          <p className="board-card-meta">
            {[...new Set(cards.map((c) => c.room))].map(roomLabel).join(' · ')}
            {stackedLabel ? <span className="board-stacked" title={cluster.reason}> · {stackedLabel}</span> : null}
          </p>
          {changeText ? (
            <p className="board-change" title={changeText} data-testid="board-change">
              {changeText}
            </p>
          ) : null}
          {disagreements.length > 0 ? (
            <p className="board-disagree" title={disagreements.join(' ')} data-testid="board-disagree">
              <span className="board-disagree-text">⚠ {disagreements[0]}</span>
              {onPollThis ? (
                <button type="button" className="board-poll-this" onClick={onPollThis} aria-label={pollThisLabel} data-testid="board-poll-this">
                  {/* The visible text is the short action; the accessible name says which suggestion. */}
                  {pollThisText}
                </button>
              ) : null}
            </p>
          ) : null}
        </div>
      ) : null}
      {movers.length > 0 ? (
        <span className="board-mover" data-testid="board-mover">
          {t('board.movedBy', { names: movers.join(', ') })}
        </span>
      ) : null}
      {picked ? (
        <span className="board-picked-mark" aria-hidden="true">
          ✓
        </span>
      ) : null}
    </div>
  );
}
