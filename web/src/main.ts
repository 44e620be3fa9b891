/**
 * The page's entry: loads the styles, applies the theme before anything renders (so a dark page
 * never flashes light), and mounts App into #app. It must do nothing else: no engine, no state.
 */
import { mount } from 'svelte';
import './styles/tokens.css';
import './styles/base.css';
import './lib/app/app.css';
import App from './App.svelte';
import { ThemeController } from './lib/theme/theme.svelte';

const target = document.getElementById('app');
if (target === null) throw new Error('index.html has no #app element to mount the page in.');

const theme = new ThemeController();
// index.html shows a "loading" line until the page is mounted; the page replaces it.
target.replaceChildren();

export default mount(App, { target, props: { theme } });
