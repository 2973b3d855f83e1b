// A small single-page client that reaches the API the way the production Moduo web client does: the
// relative path /api on its own origin, credentials: 'include', and no Authorization header; the
// __session cookie is the only credential. Routes are client-side (/dashboard, /session/<id>), so the
// server must answer them with index.html. Sign-in uses the local runner's development issuer
// (/_local/sign-in), which sets __session the way Clerk's frontend does.

const app = document.getElementById('app');
const who = document.getElementById('who');

async function api(method, path, body) {
  const response = await fetch('/api' + path, {
    method,
    credentials: 'include',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await response.json().catch(() => ({ message: 'Not JSON (' + response.status + ')' }));
  if (!response.ok) {
    throw new Error(data.message || ('HTTP ' + response.status));
  }
  return data;
}

function signedIn() {
  return document.cookie.split('; ').some((cookie) => cookie.startsWith('__session='));
}

function navigate(path) {
  history.pushState(null, '', path);
  render();
}

function escape(text) {
  const span = document.createElement('span');
  span.textContent = text == null ? '' : String(text);
  return span.innerHTML;
}

function fail(error) {
  app.insertAdjacentHTML('beforeend', '<p class="error">' + escape(error.message) + '</p>');
}

function renderSignIn() {
  who.textContent = '';
  app.innerHTML = `
    <h1>Sign in (development issuer)</h1>
    <form id="sign-in">
      <input name="userId" placeholder="user_host" required pattern="[A-Za-z0-9_-]{1,64}">
      <input name="name" placeholder="Hana Host">
      <button>Sign in</button>
    </form>`;
  document.getElementById('sign-in').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    const response = await fetch('/_local/sign-in', {
      method: 'POST',
      credentials: 'include',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: form.get('userId'), name: form.get('name') }),
    });
    if (response.ok) {
      navigate(location.pathname === '/' ? '/dashboard' : location.pathname);
    } else {
      fail(new Error((await response.json()).message));
    }
  });
}

function sessionItem(session) {
  const people = escape(session.hostId && session.hostId.name)
      + (session.participantId ? ' with ' + escape(session.participantId.name) : '');
  return `<li><a href="/session/${escape(session._id)}" data-link>${escape(session.problemTitle)}</a>
    <span class="muted">${escape(session.difficulty)}, ${people}</span></li>`;
}

async function renderDashboard() {
  app.innerHTML = `
    <h1>Dashboard</h1>
    <form id="create">
      <input name="problemTitle" placeholder="Two Sum" required>
      <select name="difficulty"><option>easy</option><option>medium</option><option>hard</option></select>
      <button>Create session</button>
    </form>
    <h2>Active</h2><ul id="active"></ul>
    <h2>Recent</h2><ul id="recent"></ul>`;
  document.getElementById('create').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    try {
      const { session } = await api('POST', '/sessions',
          { problemTitle: form.get('problemTitle'), difficulty: form.get('difficulty') });
      navigate('/session/' + session._id);
    } catch (error) {
      fail(error);
    }
  });
  try {
    const [active, recent] = await Promise.all([api('GET', '/sessions/active'), api('GET', '/sessions/recent')]);
    document.getElementById('active').innerHTML = active.sessions.map(sessionItem).join('');
    document.getElementById('recent').innerHTML = recent.sessions.map(sessionItem).join('');
  } catch (error) {
    fail(error);
  }
}

async function renderSession(id) {
  app.innerHTML = '<p>Loading session…</p>';
  try {
    const [{ session }, token] = await Promise.all([api('GET', '/sessions/' + encodeURIComponent(id)),
      api('GET', '/chats/token')]);
    who.textContent = 'signed in as ' + token.username;
    const isHost = session.hostId && session.hostId.clerkId === token.userClerkId;
    const canJoin = session.status === 'active' && !isHost && !session.participantId;
    app.innerHTML = `
      <h1>${escape(session.problemTitle)}</h1>
      <p>${escape(session.difficulty)} · ${escape(session.status)} · host ${escape(session.hostId && session.hostId.name)}
        · participant ${escape(session.participantId ? session.participantId.name : 'none yet')}</p>
      <p class="muted">Stream call ${escape(session.callId)}, token for ${escape(token.userClerkId)} until
        ${escape(token.expiresAt)}</p>
      ${canJoin ? '<button id="join">Join</button>' : ''}
      ${isHost && session.status === 'active' ? '<button id="end">End session</button>' : ''}`;
    const join = document.getElementById('join');
    if (join) {
      join.addEventListener('click', () => api('POST', '/sessions/' + id + '/join').then(() => render(), fail));
    }
    const end = document.getElementById('end');
    if (end) {
      end.addEventListener('click', () => api('POST', '/sessions/' + id + '/end').then(() => render(), fail));
    }
  } catch (error) {
    fail(error);
  }
}

function render() {
  if (!signedIn()) {
    renderSignIn();
    return;
  }
  const match = location.pathname.match(/^\/session\/([^/]+)$/);
  if (match) {
    renderSession(decodeURIComponent(match[1]));
  } else {
    renderDashboard();
  }
}

document.addEventListener('click', (event) => {
  const link = event.target.closest('a[data-link]');
  if (link) {
    event.preventDefault();
    navigate(link.getAttribute('href'));
  }
});
window.addEventListener('popstate', render);
render();
