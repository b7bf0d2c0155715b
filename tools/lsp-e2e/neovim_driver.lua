-- Driven by test_neovim.py: acts as a writer would in a headless Neovim whose
-- init.lua is a snippet of docs/editors.md, and writes what it saw as JSON to
-- $PARLEY_NVIM_OUT. Uses only APIs that exist from Neovim 0.7 on.
local out = {}
local function finish()
  local file = io.open(os.getenv("PARLEY_NVIM_OUT"), "w")
  file:write(vim.fn.json_encode(out))
  file:close()
  vim.cmd("qa!")
end

local function clients()
  if vim.lsp.get_clients then return vim.lsp.get_clients({ bufnr = 0 }) end
  local list = {}
  for _, client in pairs(vim.lsp.buf_get_clients(0)) do table.insert(list, client) end
  return list
end

local function find(needle, offset)
  for i, line in ipairs(vim.api.nvim_buf_get_lines(0, 0, -1, false)) do
    local at = line:find(needle, 1, true)
    if at then return i - 1, at - 1 + (offset or 0) end
  end
end

local function request(method, params)
  local answers = vim.lsp.buf_request_sync(0, method, params, 20000) or {}
  for _, answer in pairs(answers) do return answer.result end
end

out.version = tostring(vim.version().major) .. "." .. tostring(vim.version().minor)
out.filetype = vim.bo.filetype
out.attached = vim.wait(20000, function() return #clients() > 0 end, 50)
if not out.attached then return finish() end
local client = clients()[1]
vim.wait(20000, function() return client.initialized ~= false end, 50)
out.name = client.name
out.root = client.config.root_dir

-- Diagnostics of the broken copy, as the editor shows them.
vim.wait(20000, function() return #vim.diagnostic.get(0) > 0 end, 50)
out.diagnostics = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  table.insert(out.diagnostics, { line = d.lnum, col = d.col, code = d.code, message = d.message })
end
local uri = vim.uri_from_bufnr(0)

-- Go to definition from `-> goal.size`: the cursor moves to the state.
local line, col = find("-> goal.size", 4)
vim.api.nvim_win_set_cursor(0, { line + 1, col })
vim.lsp.buf.definition()
vim.wait(10000, function() return vim.api.nvim_win_get_cursor(0)[1] ~= line + 1 end, 50)
out.definition_line = vim.api.nvim_get_current_line()

-- Hover on the intent `goal`, defined in words.dialog.
line, col = find("  on goal ->", 6)
local hover = request("textDocument/hover", { textDocument = { uri = uri }, position = { line = line, character = col } })
out.hover = hover and hover.contents and hover.contents.value

-- The quick fix for the misspelt target, applied as the editor applies edits.
line, col = find("go goal.sett", 3)
local actions = request("textDocument/codeAction", {
  textDocument = { uri = uri },
  range = { start = { line = line, character = col }, ["end"] = { line = line, character = col } },
  context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics and vim.lsp.diagnostic.get_line_diagnostics(0, line) or {} },
}) or {}
out.actions = {}
for _, action in ipairs(actions) do table.insert(out.actions, action.title) end
if actions[1] and actions[1].edit then vim.lsp.util.apply_workspace_edit(actions[1].edit, "utf-16") end
out.fixed_line = vim.api.nvim_buf_get_lines(0, line, line + 1, false)[1]

-- Rename the intent `yes` to `agree`: main.dialog and words.dialog change.
line, col = find("on yes", 4)
vim.api.nvim_win_set_cursor(0, { line + 1, col })
vim.lsp.buf.rename("agree")
vim.wait(10000, function() return find("on agree") ~= nil end, 50)
out.renamed_here = find("on agree") ~= nil and find("on yes") == nil
local words = vim.fn.bufnr(vim.fn.fnamemodify(vim.api.nvim_buf_get_name(0), ":h") .. "/words.dialog")
out.renamed_words = words > 0 and vim.tbl_contains(vim.api.nvim_buf_get_lines(words, 0, -1, false), "intent agree")

-- Semantic highlighting (Neovim 0.9 on): the state name after `->` is a class.
if vim.lsp.semantic_tokens and vim.lsp.semantic_tokens.get_at_pos then
  line, col = find("-> goal.size", 4)
  vim.wait(10000, function() return #(vim.lsp.semantic_tokens.get_at_pos(0, line, col) or {}) > 0 end, 50)
  local tokens = vim.lsp.semantic_tokens.get_at_pos(0, line, col) or {}
  out.semantic = tokens[1] and tokens[1].type
end
finish()
