-- Headless Neovim LSP client used by run.mjs: a second, independent LSP client next to VS Code.
-- Written for Debian's Neovim 0.7.2 (no vim.lsp.start): start_client + buf_attach_client.
-- run.mjs generates an init.lua that sets _G.KLR_CFG (a table) and then runs this file.
local cfg = _G.KLR_CFG
local out = { diagnostics = vim.NIL, vimDiagnostics = vim.NIL, hover = vim.NIL, codeActions = vim.NIL, timings = {} }
local t0 = vim.loop.hrtime()
local function ms() return math.floor((vim.loop.hrtime() - t0) / 1e6) end

local function finish(code)
  local f = assert(io.open(cfg.out, 'w'))
  f:write(vim.json.encode(out))
  f:close()
  -- Stop the server politely, bounded, then leave (cquit carries the exit code).
  for _, client in pairs(vim.lsp.get_active_clients()) do client.stop() end
  vim.wait(2000, function() return #vim.lsp.get_active_clients() == 0 end, 20)
  vim.cmd((code == 0) and 'qall!' or ('cquit ' .. code))
end

local function main()
  vim.cmd('filetype on') -- so didOpen's languageId is "yaml", not ""
  vim.cmd('edit ' .. vim.fn.fnameescape(cfg.file))
  local bufnr = vim.api.nvim_get_current_buf()
  local uri = vim.uri_from_bufnr(bufnr)
  out.languageId = vim.bo[bufnr].filetype

  -- Remember the raw LSP diagnostics for this buffer and when they last changed.
  local published, last_pub, raw = 0, 0, {}
  local exited -- set if the server process dies: fail fast instead of waiting for the timeout
  local client_id = vim.lsp.start_client({
    name = 'klr-e2e',
    cmd = cfg.cmd,
    root_dir = cfg.root,
    settings = cfg.settings or vim.empty_dict(), -- answers workspace/configuration
    handlers = {
      ['textDocument/publishDiagnostics'] = function(err, res, ctx, config)
        vim.lsp.diagnostic.on_publish_diagnostics(err, res, ctx, config)
        if res and res.uri == uri then
          published, last_pub, raw = published + 1, vim.loop.now(), res.diagnostics
        end
      end,
    },
    on_exit = function(code, signal) exited = ('server exited (code ' .. tostring(code) .. ', signal ' .. tostring(signal) .. ')') end,
    on_init = function(client)
      if cfg.settings then client.notify('workspace/didChangeConfiguration', { settings = cfg.settings }) end
    end,
  })
  if not client_id then error('vim.lsp.start_client failed for ' .. vim.inspect(cfg.cmd)) end
  vim.lsp.buf_attach_client(bufnr, client_id)
  local client = vim.lsp.get_client_by_id(client_id)
  vim.wait(cfg.timeoutMs, function() return client.initialized or exited end, 20)
  if exited then error(exited .. ' before initialize finished') end
  if not client.initialized then
    error('server did not finish initialize within ' .. cfg.timeoutMs .. ' ms')
  end
  out.timings.initialized = ms()

  -- Wait (bounded) for a first publish, then until it is quiet for settleMs (servers may re-publish).
  -- With cfg.expectCode: wait (bounded) until a published diagnostic has that code, no quiet period.
  local function has_expected()
    for _, d in ipairs(raw) do
      if d.code == cfg.expectCode and (cfg.expectSeverity == nil or d.severity == cfg.expectSeverity) then return true end
    end
    return false
  end
  local got = vim.wait(cfg.timeoutMs, function()
    if exited then return true end
    if cfg.expectCode then return has_expected() end
    return published > 0 and vim.loop.now() - last_pub >= cfg.settleMs
  end, 20)
  if cfg.expectCode and not got then error('no diagnostic with code ' .. cfg.expectCode .. ' within ' .. cfg.timeoutMs .. ' ms') end
  if exited then error(exited .. ' while waiting for diagnostics') end
  if not got and published == 0 then error('no textDocument/publishDiagnostics within ' .. cfg.timeoutMs .. ' ms') end
  out.timings.diagnostics = ms()
  out.diagnostics = raw
  out.vimDiagnostics = vim.tbl_map(function(d)
    return { lnum = d.lnum, col = d.col, severity = d.severity, message = d.message, source = d.source }
  end, vim.diagnostic.get(bufnr))

  local function pos(p) return { line = p[1] - 1, character = p[2] - 1 } end -- flags are 1-based
  if cfg.hover then
    local r = client.request_sync('textDocument/hover', { textDocument = { uri = uri }, position = pos(cfg.hover) }, cfg.timeoutMs, bufnr)
    if not r then error('hover request timed out') end
    if r.err then error('hover failed: ' .. vim.inspect(r.err)) end
    out.hover = r.result or vim.NIL
  end
  if cfg.codeActions then
    local range = { start = pos(cfg.codeActions[1]), ['end'] = pos(cfg.codeActions[2]) }
    -- Send the diagnostics that overlap the range, as VS Code does.
    local ctx = vim.tbl_filter(function(d)
      return d.range.start.line <= range['end'].line and d.range['end'].line >= range.start.line
    end, raw)
    local r = client.request_sync('textDocument/codeAction',
      { textDocument = { uri = uri }, range = range, context = { diagnostics = ctx } }, cfg.timeoutMs, bufnr)
    if not r then error('codeAction request timed out') end
    if r.err then error('codeAction failed: ' .. vim.inspect(r.err)) end
    out.codeActions = vim.tbl_map(function(a) return a.title end, r.result or {})
  end
  finish(0)
end

local ok, err = xpcall(main, debug.traceback)
if not ok then
  out.error = tostring(err)
  finish(1)
end
