// Chart.js, only the pieces the admin charts use (bars, lines, two scales, legend, tooltip).
// Loaded on demand by chart.tsx, so its ~170 KB (~60 KB gzip) reach only the charts page.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from "chart.js";

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
);
Chart.defaults.color = "#3d4a5c";
Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
Chart.defaults.animation = false; // nothing moves (WCAG 2.3.3), and the figures are there at once

export { Chart };
