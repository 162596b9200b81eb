// `qmi4g status` as text: a header line, then groups as ModemManager's `mmcli -m 0` prints a modem
// (Hardware, Status, 3GPP, Cell, Bands, SIM, Bearer, SMS, Time), one "key: value" row each.

type Row = [string, string | undefined];
type Group = [string, Row[]];

const RULE = `  ${'-'.repeat(44)}`;
const SYSTEM_MODE: Record<string, string> = { lte: 'LTE', 'nr5g-nsa': '5G NSA (EN-DC)', 'nr5g-sa': '5G SA', umts: 'UMTS', gsm: 'GSM', none: 'no service' };

function bars(n: number): string { return `${'▮'.repeat(n)}${'▯'.repeat(Math.max(0, 4 - n))}`; }

function join(parts: (string | false | undefined)[], sep = ', '): string | undefined {
  const p = parts.filter((x): x is string => typeof x === 'string' && x !== '');
  return p.length ? p.join(sep) : undefined;
}


function measures(x: Record<string, any> | undefined): string | undefined {
  if (!x) return undefined;
  return join([x.rssi !== undefined && `RSSI ${x.rssi} dBm`, x.rsrp !== undefined && `RSRP ${x.rsrp} dBm`, x.rsrq !== undefined && `RSRQ ${x.rsrq} dB`, x.snr !== undefined && `SNR ${x.snr} dB`]);
}

function cellLine(c: Record<string, any>): string | undefined {
  return join([
    c.pci !== undefined && `PCI ${c.pci}`, c.earfcn !== undefined && `EARFCN ${c.earfcn}`, c.nrarfcn !== undefined && `NR-ARFCN ${c.nrarfcn}`,
    c.arfcn !== undefined && `NR-ARFCN ${c.arfcn}`, c.band, c.bandwidth_mhz !== undefined && `${c.bandwidth_mhz} MHz`,
  ]);
}

function groups(st: Record<string, any>): Group[] {
  const m = st.modem ?? {};
  const reg = st.registration ?? {};
  const op = st.operator ?? {};
  const cell = st.cell ?? {};
  const rej = st.registration_reject;
  const out: Group[] = [];
  const id = st.identity ?? {};
  out.push(['Hardware', [['manufacturer', m.manufacturer], ['model', m.model], ['revision', m.revision], ['IMEI', m.imei ?? id.imei], ['IMEISV', id.imeisv], ['ESN', id.esn], ['MEID', id.meid]]]);
  out.push(['Status', [
    ['state', st.state], ['reason', st.reason],
    ['last error', st.last_error && `${st.last_error.code} — ${st.last_error.message}${st.last_error.permanent ? ' (restarts blocked)' : ''}`],
    ['signal quality', st.signal && `${bars(st.signal.bars ?? 0)} ${st.signal.bars ?? 0}/4${st.asu !== undefined ? `, ASU ${st.asu}` : ''}`],
    ['signal', measures(st.signal)],
    ['access tech', st.rat && String(st.rat).toUpperCase()],
    ['system mode', st.system_mode && (SYSTEM_MODE[st.system_mode] ?? st.system_mode)],
    ['service', st.service_status],
    ['FCC lock', st.fcc && (st.fcc.result === 'unlocked' ? `unlocked (${st.fcc.method})` : `radio locked${st.fcc.tried?.length ? ` (tried ${st.fcc.tried.map((t: { method: string; answer: string }) => `${t.method}: ${t.answer}`).join(', ')})` : ''}`)],
  ]]);
  out.push(['3GPP', [
    ['registration', reg.state && `${reg.state}${reg.roaming ? ', roaming' : ''}`],
    ['operator name', op.name], ['operator id', op.mcc !== undefined ? `${op.mcc}${op.mnc ?? ''}` : undefined],
    ['location', join([(cell.tac ?? reg.tac) !== undefined && `TAC ${cell.tac ?? reg.tac}`, (cell.lac ?? reg.lac) !== undefined && `LAC ${cell.lac ?? reg.lac}`])],
    ['cell id', (cell.cell_id ?? reg.cell_id) !== undefined ? join([String(cell.cell_id ?? reg.cell_id), cell.enodeb_id !== undefined && `eNodeB ${cell.enodeb_id}`, cell.gnodeb_id !== undefined && `gNodeB ${cell.gnodeb_id}`]) : undefined],
    ['reject cause', rej && `${rej.cause_name} (${rej.cause})${rej.domain ? `, ${rej.domain}` : ''}${rej.mcc ? `, by ${rej.mcc}${rej.mnc ?? ''}` : ''}`],
    ['SIM reject', st.sim_reject],
  ]]);
  const cellRows: Row[] = [['serving', cellLine(cell)], ['NR5G leg', st.nr5g && join([cellLine(st.nr5g), measures(st.nr5g)])]];
  // Neighbours grouped by RAT: LTE ones, then NR ones (an MBIMEx 3.0 modem reports both), each group strongest first as the reply lists them.
  for (const [rat, label] of [['lte', 'neighbours'], ['nr5g', 'NR neighbours']]) {
    const group = (st.neighbours ?? []).filter((n: any) => (n.rat === 'nr5g') === (rat === 'nr5g'));
    for (const [i, n] of group.entries()) {
      cellRows.push([i === 0 ? label : '', join([`${String(n.rat).toUpperCase()} PCI ${n.pci}`, n.earfcn !== undefined && `EARFCN ${n.earfcn}`, measures(n), n.intra_frequency === false && 'inter-frequency'])]);
    }
  }
  out.push(['Cell', cellRows]);
  out.push(['Bands', [
    ['in use', join((st.bands ?? []).map((b: any) => `${b.band} (${b.channel}${b.bandwidth_mhz !== undefined ? `, ${b.bandwidth_mhz} MHz` : ''})`))],
    ['preference', st.band_preference && join([st.band_preference.lte && `LTE ${st.band_preference.lte.join(' ')}`, bandsNr(st.band_preference)], '; ')],
    ['carriers', join((st.carriers ?? []).map((c: any) => `${c.role} ${c.band ?? '?'} PCI ${c.pci} EARFCN ${c.earfcn}${c.bandwidth_mhz !== undefined ? ` ${c.bandwidth_mhz} MHz` : ''}${c.state ? ` ${c.state}` : ''}`), '; ')],
  ]]);
  const sim = st.sim;
  out.push(['SIM', [['state', sim?.state], ['PIN tries left', sim?.pin_retries !== undefined ? String(sim.pin_retries) : undefined], ['ICCID', m.iccid ?? id.iccid], ['IMSI', id.imsi], ['MSISDN', id.msisdn]]]);
  const choice = st.apn_choice;
  const bearer: Row[] = [['APN', (st.apn ?? choice?.value) && `${st.apn ?? choice.value}${choice ? ` (${choice.source}${choice.provider ? `, ${choice.provider}` : ''})` : ''}`]];
  for (const fam of ['ipv4', 'ipv6'] as const) {
    const ip = st[fam];
    if (ip?.address) bearer.push([fam, `${ip.address}/${ip.prefix ?? '?'} via ${ip.gateway ?? '?'}, DNS ${(ip.dns ?? []).join(' ') || 'none'}${ip.mtu ? `, MTU ${ip.mtu}` : ''}`]);
  }
  if (st.counters) {
    const c = st.counters;
    const bad = [['errors', c.rx_errors, c.tx_errors], ['overflows', c.rx_overflows, c.tx_overflows], ['dropped', c.rx_dropped, c.tx_dropped]]
      .filter(([, rx, tx]) => rx !== undefined || tx !== undefined).map(([k, rx, tx]) => `${k} ${rx ?? 0}/${tx ?? 0}`);
    bearer.push(['traffic', `${c.rx_bytes ?? 0} bytes in, ${c.tx_bytes ?? 0} bytes out${bad.length ? ` (in/out packets: ${bad.join(', ')})` : ''}`]);
  }
  out.push(['Bearer', bearer]);
  const sms = st.sms;
  out.push(['SMS', [['store', sms && `${sms.store}, ${sms.used !== undefined ? `${sms.used} of ${sms.max}` : `${sms.max} messages`}${sms.full ? ' — FULL: new messages are lost' : ''}`]]]);
  const t = st.network_time;
  out.push(['Time', [['network time', t && `${t.utc}${t.utc_offset_min !== undefined ? `, UTC${t.utc_offset_min >= 0 ? '+' : '-'}${hm(Math.abs(t.utc_offset_min))}` : ''}${t.dst_h ? `, DST +${t.dst_h} h` : ''}`]]]);
  return out;
}

/** NR bands of a band_preference reply (SA and NSA lists merged), as `NR n78 n258`. */
function bandsNr(b: Record<string, any>): string | undefined {
  const nr = [...new Set([...(b.nr5g_sa ?? []), ...(b.nr5g_nsa ?? [])])].sort((x: number, y: number) => x - y);
  return nr.length ? `NR ${nr.map((n: number) => `n${n}`).join(' ')}` : undefined;
}

function hm(min: number): string { return `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`; }

/**
 * A status reply (statusReply) as text: the header `IFACE (DEVICE, PROTO): STATE for N s — REASON`,
 * then each group with at least one known value, rows `  Group    |      key: value`. No terminal
 * control sequence gets through (C0, DEL, C1 become U+FFFD): the reply may come from any ubus peer.
 */
export function formatStatusText(st: Record<string, any>): string {
  const lines = [`${st.interface} (${st.device}${st.protocol ? `, ${String(st.protocol).toUpperCase()}` : ''}): ${st.state} for ${st.for_s} s — ${st.reason}`];
  for (const [name, rows] of groups(st)) {
    const known = rows.filter(([, v]) => v !== undefined && v !== '');
    if (!known.length || (name === 'Status' && known.length <= 2 && !st.last_error && !st.signal)) continue;
    lines.push(RULE);
    known.forEach(([k, v], i) => lines.push(`  ${(i === 0 ? name : '').padEnd(8)} | ${k.padStart(14)}: ${v}`));
  }
  // eslint-disable-next-line no-control-regex
  return lines.map((l) => l.replace(/[\u0000-\u001f\u007f-\u009f]/g, '\ufffd')).join('\n');
}
