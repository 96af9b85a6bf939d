import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { SokhanApi } from '../../src-shared/app-contract/api';
import type { AppEvent } from '../../src-shared/app-contract/events';
import type { BilingualMessage } from '../../src-shared/bilingual';
import type { MicSettings, SettingKey, SettingValue } from '../../src-shared/settings/settings-schema';
import { chooseDevice } from './audio/choose-device';
import { listMicrophones, openMicrophone } from './audio/mic-capture';
import type { MicDevice, MicHandlers, MicProblem, MicProblemCode, MicSession } from './audio/mic-types';
import type { MicPhase } from './dictation-state';
import { createLevelStore, type LevelStore } from './level-store';

/** Keeps recording this long after the person stops, so the last word is not cut. */
const TAIL_MS = 300;

/** What the window needs to draw and drive the microphone and the dictation. */
export interface DictationControls {
  phase: MicPhase;
  /** The microphone's first real audio arrived for this dictation. */
  heard: boolean;
  micOpen: boolean;
  micProblem: MicProblem | null;
  /** The saved microphone was missing and the system default was used. */
  fellBack: boolean;
  devices: readonly MicDevice[];
  level: LevelStore;
  /** Starts a dictation, or stops the one running. */
  toggle(): void;
  /** Stops without sending what is not sent yet. */
  cancel(): void;
  /** Picks a microphone ('' = system default) and remembers it. */
  chooseMicrophone(deviceId: string): void;
}

const PROBLEM_CODES: ReadonlySet<string> = new Set<MicProblemCode>([
  'permission_denied',
  'no_microphone',
  'device_busy',
  'track_silent',
  'track_ended',
  'unsupported',
  'unknown',
]);

function isBilingual(value: unknown): value is BilingualMessage {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as BilingualMessage).fa === 'string' &&
    typeof (value as BilingualMessage).en === 'string'
  );
}

/** Reads a MicError (code + bilingual message) from whatever openMicrophone threw. */
export function micProblemOf(error: unknown): MicProblem {
  if (typeof error === 'object' && error !== null) {
    const { code } = error as { code?: unknown };
    const candidates = [
      (error as { message?: unknown }).message,
      (error as { bilingual?: unknown }).bilingual,
      (error as { problem?: { message?: unknown } }).problem?.message,
    ];
    const message = candidates.find(isBilingual);
    if (typeof code === 'string' && PROBLEM_CODES.has(code) && message)
      return { code: code as MicProblemCode, message };
    if (message) return { code: 'unknown', message };
  }
  const detail = error instanceof Error ? error.message : String(error);
  return {
    code: 'unknown',
    message: {
      fa: `میکروفون باز نشد (${detail}). دوباره امتحان کنید.`,
      en: `The microphone could not be opened (${detail}). Try again.`,
    },
  };
}

type UpdateSetting = <K extends SettingKey>(key: K, value: SettingValue<K>) => void;

interface Options {
  api: SokhanApi | null;
  mic: MicSettings;
  updateSetting: UpdateSetting;
  /** A command the core refused: shown as a banner. */
  onNotice(key: string, message: BilingualMessage): void;
}

/**
 * The microphone flow: open the mic (pre-roll starts filling), start the dictation, forward frames; on stop keep a
 * short tail, then stop. The mic stays open between dictations only when the person asked for it (keepWarm).
 */
export function useDictation({ api, mic, updateSetting, onNotice }: Options): DictationControls {
  const [phase, setPhaseState] = useState<MicPhase>('idle');
  const [heard, setHeard] = useState(false);
  const [micOpen, setMicOpen] = useState(false);
  const [micProblem, setMicProblem] = useState<MicProblem | null>(null);
  const [fellBack, setFellBack] = useState(false);
  const [devices, setDevices] = useState<readonly MicDevice[]>([]);
  const level = useMemo(createLevelStore, []);

  // The flow is async and outlives renders; refs give it the latest values without re-creating handlers.
  const phaseRef = useRef<MicPhase>('idle');
  const sessionRef = useRef<MicSession | null>(null);
  const sessionIdRef = useRef<string | null>(null);
  const coreKnowsRef = useRef(false);
  const pendingRef = useRef<'stop' | 'cancel' | null>(null);
  const openedWith = useRef<string>('');
  const latest = useRef({ api, mic, updateSetting, onNotice });
  latest.current = { api, mic, updateSetting, onNotice };

  const setPhase = useCallback((next: MicPhase) => {
    phaseRef.current = next;
    setPhaseState(next);
  }, []);

  const refreshDevices = useCallback(async () => {
    try {
      setDevices(await listMicrophones());
    } catch {
      // Listing is a convenience; opening the microphone reports real problems.
    }
  }, []);

  const closeMic = useCallback(async () => {
    const session = sessionRef.current;
    sessionRef.current = null;
    setMicOpen(false);
    level.set(null);
    if (session) {
      try {
        await session.close();
      } catch {
        // Already released (unplugged, ended): nothing more to free.
      }
    }
  }, [level]);

  const finish = useCallback(
    async (how: 'stop' | 'cancel') => {
      const { api: currentApi, mic: currentMic, onNotice: notice } = latest.current;
      setPhase('stopping');
      try {
        // A stop keeps a tail so the last word is whole; a cancel throws the rest away.
        await sessionRef.current?.stopForwarding(how === 'stop' ? TAIL_MS : 0);
      } catch {
        // The track may have ended under us; the core still needs to hear that we stopped.
      }
      if (currentApi) {
        const result = how === 'stop' ? await currentApi.stopDictation() : await currentApi.cancelDictation();
        if (!result.ok) notice(how, result.message);
      }
      sessionIdRef.current = null;
      coreKnowsRef.current = false;
      // A warm microphone whose options changed meanwhile is reopened with them next time.
      if (!currentMic.keepWarm || openedWith.current !== micKey(currentMic)) await closeMic();
      setPhase('idle');
    },
    [closeMic, setPhase],
  );

  const openMic = useCallback(async (): Promise<MicSession> => {
    const { mic: saved, updateSetting: save } = latest.current;
    const handlers: MicHandlers = {
      onFrames: (pcm) => latest.current.api?.sendAudio(pcm),
      onLevel: (dbfs) => level.set(dbfs),
      onListening: () => setHeard(true),
      onProblem: (problem) => {
        setMicProblem(problem);
        // An unplugged or ended track sends nothing more: stop and keep what was said.
        if (problem.code === 'track_ended' && phaseRef.current === 'recording') void finish('stop');
      },
    };
    const open = (deviceId: string) =>
      openMicrophone(
        {
          deviceId,
          deviceLabel: saved.deviceLabel,
          echoCancellation: saved.echoCancellation,
          noiseSuppression: saved.noiseSuppression,
          autoGainControl: saved.autoGainControl,
        },
        handlers,
      );
    const list = () => listMicrophones().catch((): MicDevice[] => []);
    const wanted = { deviceId: saved.deviceId, deviceLabel: saved.deviceLabel };

    let available = await list();
    let chosen = chooseDevice(wanted, available);
    let session: MicSession;
    if (chosen.fellBack && available.length === 0) {
      // Browsers hide devices until the microphone was allowed once: open the default to ask, then look again.
      const probe = await open('');
      available = await list();
      chosen = chooseDevice(wanted, available);
      if (chosen.deviceId === '' || chosen.deviceId === probe.device.deviceId) {
        session = probe;
      } else {
        await probe.close();
        session = await open(chosen.deviceId);
      }
    } else {
      session = await open(chosen.deviceId);
    }
    setDevices(available);
    sessionRef.current = session;
    setMicOpen(true);
    setFellBack(chosen.fellBack);
    // Found by its label under a new id: remember the new id so the next lookup is direct.
    const moved =
      !chosen.fellBack &&
      saved.deviceId !== '' &&
      session.device.deviceId !== '' &&
      session.device.deviceId !== saved.deviceId;
    openedWith.current = micKey(moved ? { ...saved, deviceId: session.device.deviceId } : saved);
    if (moved) {
      save('mic.deviceId', session.device.deviceId);
      save('mic.deviceLabel', session.device.label);
    }
    // Device names are readable only once permission is granted.
    void refreshDevices();
    return session;
  }, [finish, level, refreshDevices]);

  const start = useCallback(async () => {
    const { api: currentApi, onNotice: notice } = latest.current;
    if (!currentApi) return;
    setPhase('opening');
    setHeard(false);
    setMicProblem(null);
    pendingRef.current = null;
    let session = sessionRef.current;
    try {
      session ??= await openMic();
    } catch (error) {
      setMicProblem(micProblemOf(error));
      await closeMic();
      setPhase('idle');
      return;
    }
    const started = await currentApi.startDictation();
    if (!started.ok) {
      notice('start', started.message);
      await closeMic();
      setPhase('idle');
      return;
    }
    sessionIdRef.current = started.value.sessionId;
    session.startForwarding();
    setPhase('recording');
    // The person pressed again (or Escape) while the microphone was opening: honour it now.
    const pending = pendingRef.current;
    pendingRef.current = null;
    if (pending) await finish(pending);
  }, [closeMic, finish, openMic, setPhase]);

  const toggle = useCallback(() => {
    switch (phaseRef.current) {
      case 'idle':
        void start();
        break;
      case 'opening':
        pendingRef.current = 'stop';
        break;
      case 'recording':
        void finish('stop');
        break;
      case 'stopping':
        break;
    }
  }, [finish, start]);

  const cancel = useCallback(() => {
    if (phaseRef.current === 'recording') void finish('cancel');
    else if (phaseRef.current === 'opening') pendingRef.current = 'cancel';
  }, [finish]);

  const chooseMicrophone = useCallback(
    (deviceId: string) => {
      const label = devices.find((device) => device.deviceId === deviceId)?.label ?? '';
      latest.current.updateSetting('mic.deviceId', deviceId);
      latest.current.updateSetting('mic.deviceLabel', label);
      setFellBack(false);
    },
    [devices],
  );

  // The core may end the dictation itself (the tray, an error): then stop sending it audio.
  useEffect(() => {
    if (!api) return;
    return api.onEvent((event: AppEvent) => {
      if (event.type !== 'state' || phaseRef.current !== 'recording') return;
      if (event.sessionId !== null && event.sessionId === sessionIdRef.current) coreKnowsRef.current = true;
      const ours = event.sessionId === sessionIdRef.current || (event.sessionId === null && coreKnowsRef.current);
      if (ours && (event.state === 'idle' || event.state === 'error')) {
        const session = sessionRef.current;
        sessionIdRef.current = null;
        coreKnowsRef.current = false;
        setPhase('idle');
        void (async () => {
          await session?.stopForwarding(0).catch(() => undefined);
          if (!latest.current.mic.keepWarm) await closeMic();
        })();
      }
    });
  }, [api, closeMic, setPhase]);

  // A hotkey, the tray or `--toggle` asks through the core: the same flow as the Record button (pre-roll, tail, cue).
  useEffect(() => {
    if (!api) return;
    return api.onEvent((event: AppEvent) => {
      if (event.type !== 'request') return;
      const phase = phaseRef.current;
      if (event.action === 'toggle') toggle();
      else if (event.action === 'start' && phase === 'idle') toggle();
      else if (event.action === 'stop' && (phase === 'recording' || phase === 'opening')) toggle();
      else if (event.action === 'cancel') cancel();
    });
  }, [api, toggle, cancel]);

  // A warm microphone opened with other options (or keepWarm turned off) is closed; the next press opens it anew.
  const key = micKey(mic);
  useEffect(() => {
    if (phaseRef.current !== 'idle' || !sessionRef.current) return;
    if (!mic.keepWarm || openedWith.current !== key) void closeMic();
  }, [key, mic.keepWarm, closeMic]);

  // Escape while recording cancels, as in every dictation tool.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && (phaseRef.current === 'recording' || phaseRef.current === 'opening')) {
        event.preventDefault();
        cancel();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [cancel]);

  useEffect(() => {
    void refreshDevices();
    const media = navigator.mediaDevices;
    if (!media) return;
    const onChange = () => void refreshDevices();
    media.addEventListener('devicechange', onChange);
    return () => media.removeEventListener('devicechange', onChange);
  }, [refreshDevices]);

  // Leaving the page releases the microphone (the recording indicator goes off).
  useEffect(() => () => void closeMic(), [closeMic]);

  return { phase, heard, micOpen, micProblem, fellBack, devices, level, toggle, cancel, chooseMicrophone };
}

/** The options a microphone was opened with; a change means it must be reopened. */
function micKey(mic: MicSettings): string {
  return [mic.deviceId, mic.echoCancellation, mic.noiseSuppression, mic.autoGainControl].join('|');
}
