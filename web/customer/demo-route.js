// A drive along Berlin's A100 city motorway (Dreieck Funkturm → Neukölln), for demos where GPS is unavailable or
// denied (desktop browsers, headless tests). Waypoints are approximate; points between them are interpolated so
// a live replay moves smoothly.
const WAYPOINTS = [
  [52.5031, 13.2789], [52.4962, 13.2930], [52.4884, 13.2992], [52.4808, 13.3063], [52.4787, 13.3170],
  [52.4779, 13.3316], [52.4781, 13.3431], [52.4733, 13.3575], [52.4688, 13.3700], [52.4655, 13.3859],
  [52.4661, 13.4038], [52.4648, 13.4250], [52.4641, 13.4460], [52.4712, 13.4553],
];
const STEPS_BETWEEN = 3;

/** The route as positions with a plausible GPS accuracy, in driving order. */
export function demoRoute() {
  const points = [];
  for (let i = 0; i < WAYPOINTS.length - 1; i++) {
    const [aLat, aLon] = WAYPOINTS[i];
    const [bLat, bLon] = WAYPOINTS[i + 1];
    for (let s = 0; s < STEPS_BETWEEN; s++) {
      const f = s / STEPS_BETWEEN;
      points.push({ lat: round(aLat + (bLat - aLat) * f), lon: round(aLon + (bLon - aLon) * f), accuracy: 8 + ((i + s) % 4) * 3 });
    }
  }
  const [lat, lon] = WAYPOINTS.at(-1);
  points.push({ lat, lon, accuracy: 10 });
  return points;
}

const round = (x) => Math.round(x * 1e6) / 1e6;
